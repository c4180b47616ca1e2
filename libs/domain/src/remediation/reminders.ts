import { daysBetween } from './items-from-plan';
import type { RemediationStatus } from './lifecycle';

export const REMINDER_THRESHOLDS = [
  'due_14',
  'due_7',
  'due_1',
  'overdue',
  'blocked_14',
  'acceptance_30',
  'acceptance_expired',
] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

export interface ReminderSubject {
  readonly status: RemediationStatus;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  /** YYYY-MM-DD the item became blocked, when blocked. */
  readonly blockedOn?: string | null;
  /** YYYY-MM-DD the risk acceptance ends, when accepted. */
  readonly acceptanceExpiresOn?: string | null;
}

export interface DueReminder {
  readonly threshold: ReminderThreshold;
  /**
   * The date the reminder is about (due date, blocked-since date, acceptance expiry). With the threshold it
   * makes the reminder unique: moving a due date gives a new set of reminders, a second scan nothing new.
   */
  readonly subjectDate: string;
}

const WORKING: readonly RemediationStatus[] = ['open', 'in_progress', 'blocked'];

/**
 * The reminders due for an item on `today` (YYYY-MM-DD, the scan's clock). Only the tightest due-date
 * threshold reached is returned, so a scan that runs late (after an outage) catches up with the reminder
 * that matters now instead of sending every one it missed.
 */
export function dueReminders(item: ReminderSubject, today: string): DueReminder[] {
  const out: DueReminder[] = [];
  if (WORKING.includes(item.status)) {
    const left = daysBetween(today, item.dueDate);
    const due: ReminderThreshold | null =
      left < 0 ? 'overdue' : left <= 1 ? 'due_1' : left <= 7 ? 'due_7' : left <= 14 ? 'due_14' : null;
    if (due) out.push({ threshold: due, subjectDate: item.dueDate });
  }
  if (item.status === 'blocked' && item.blockedOn && daysBetween(item.blockedOn, today) >= 14) {
    out.push({ threshold: 'blocked_14', subjectDate: item.blockedOn });
  }
  if (item.status === 'risk_accepted' && item.acceptanceExpiresOn) {
    const left = daysBetween(today, item.acceptanceExpiresOn);
    if (left <= 0) out.push({ threshold: 'acceptance_expired', subjectDate: item.acceptanceExpiresOn });
    else if (left <= 30) out.push({ threshold: 'acceptance_30', subjectDate: item.acceptanceExpiresOn });
  }
  return out;
}

/** An acceptance whose expiry has come reopens the item. */
export const acceptanceExpired = (item: ReminderSubject, today: string) =>
  item.status === 'risk_accepted' && !!item.acceptanceExpiresOn && item.acceptanceExpiresOn <= today;

/** The text of a reminder: names the item and its date, never anything else. */
export function reminderText(threshold: ReminderThreshold, title: string, subjectDate: string): string {
  switch (threshold) {
    case 'due_14':
      return `“${title}” is due within 14 days, on ${subjectDate}.`;
    case 'due_7':
      return `“${title}” is due within 7 days, on ${subjectDate}.`;
    case 'due_1':
      return `“${title}” is due by ${subjectDate}.`;
    case 'overdue':
      return `“${title}” is overdue: it was due on ${subjectDate}.`;
    case 'blocked_14':
      return `“${title}” has been blocked since ${subjectDate}.`;
    case 'acceptance_30':
      return `The risk acceptance of “${title}” expires on ${subjectDate}.`;
    case 'acceptance_expired':
      return `The risk acceptance of “${title}” expired on ${subjectDate}; the item is open again.`;
  }
}

/** Today's date in UTC from a clock, as YYYY-MM-DD (the scan's notion of a day). */
export const utcDay = (now: Date) => now.toISOString().slice(0, 10);
