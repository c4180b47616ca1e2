/**
 * The one catalogue of background work: every queue, every job name, its payload type and its retry
 * policy. Producers and processors both type-check against it, and the worker refuses to start unless
 * every job name here has exactly one processor. See docs/JOBS.md for adding a job.
 */

export const QUEUES = ['system', 'mail', 'reports', 'notifications'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Payload of each job, by job name. Payloads are JSON: ids and small values, never content. */
export interface JobPayloads {
  /** Proves the path api -> outbox -> queue -> worker. */
  ping: {
    /** How long the job pretends to work, reporting progress as it goes. */
    delayMs?: number;
    /** Fail the first N attempts on purpose, to exercise retries. */
    failTimes?: number;
  };
  /** Deletes sent outbox rows and completed-job records past the retention period (scheduled). */
  'outbox.prune': Record<string, never>;
  /** Sends one e-mail; recipient and text are read from the record when it is sent (see MailJobPayload). */
  'mail.send': MailJobPayload;
  /** Renders one requested report from its snapshot and stores the file in the report row. */
  'report.render': { reportId: string };
  /** Deletes reports past REPORT_RETENTION_DAYS (scheduled). */
  'report.prune': Record<string, never>;
  /** Renders one requested policy document (the adopted policy or the action plan) from its stored model. */
  'policy_document.render': { documentId: string };
  /** Daily: starts one reminder scan per organisation with work to remind about. `day` (YYYY-MM-DD) sets the clock. */
  'remediation.scan': { day?: string };
  /** Creates the reminders due on `day` for one organisation, once each, with their deliveries (outbox). */
  'remediation.scan-org': { organisationId: string; day: string };
  /**
   * Daily: starts one policy-model refresh per organisation whose model has figures. `day` (YYYY-MM-DD)
   * sets the clock the plan's review is judged by; without it each refresh judges by its own day.
   */
  'policy_model.refresh': { day?: string };
  /** Recomputes one organisation's policy-model figures and brings its gap items in step (by the system). */
  'policy_model.refresh-org': { organisationId: string; day?: string };
  /** One e-mail per person per day listing that day's reminders; recipient and texts read at send time. */
  'notification.digest': { userId: string; day: string };
  /** Posts one reminder (or a test event) to the organisation's webhook, signed; the URL is read at send time. */
  'notification.webhook': { organisationId: string; notificationId?: string; test?: boolean };
}

/**
 * An e-mail carrying a one-time link. The recipient is read from the invitation or the account when the
 * mail is sent, so the outbox holds no address, and a link withdrawn, used or erased meanwhile is not sent.
 * The token is the one secret the job needs (only its hash is stored elsewhere); the processor removes it
 * from the outbox row once the mail is out.
 */
export type MailJobPayload =
  | { template: 'invitation'; invitationId: string; token: string }
  | { template: 'password_reset'; resetId: string; token: string };

export type JobName = keyof JobPayloads;
export type JobPayload<N extends JobName> = JobPayloads[N];

export interface JobDefinition {
  queue: QueueName;
  /** Processing attempts before the job is given up as failed. */
  attempts: number;
  /** First retry delay; doubles with each further attempt. */
  backoffMs: number;
}

export const JOBS: { readonly [N in JobName]: JobDefinition } = {
  ping: { queue: 'system', attempts: 3, backoffMs: 200 },
  'outbox.prune': { queue: 'system', attempts: 3, backoffMs: 5_000 },
  // 5 s doubling over 8 attempts rides out several minutes of mail-server trouble.
  'mail.send': { queue: 'mail', attempts: 8, backoffMs: 5_000 },
  // A render that fails three times (10 s, 20 s apart) is marked failed with its reason; the requester may retry it.
  'report.render': { queue: 'reports', attempts: 3, backoffMs: 10_000 },
  'report.prune': { queue: 'system', attempts: 3, backoffMs: 5_000 },
  'policy_document.render': { queue: 'reports', attempts: 3, backoffMs: 10_000 },
  'remediation.scan': { queue: 'notifications', attempts: 5, backoffMs: 10_000 },
  'remediation.scan-org': { queue: 'notifications', attempts: 8, backoffMs: 5_000 },
  'policy_model.refresh': { queue: 'system', attempts: 5, backoffMs: 10_000 },
  'policy_model.refresh-org': { queue: 'system', attempts: 8, backoffMs: 5_000 },
  'notification.digest': { queue: 'mail', attempts: 8, backoffMs: 5_000 },
  // 1 s doubling over 8 attempts: about four minutes of a receiver being down.
  'notification.webhook': { queue: 'notifications', attempts: 8, backoffMs: 1_000 },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export const isJobName = (name: string): name is JobName => Object.prototype.hasOwnProperty.call(JOBS, name);

export function jobDefinition(name: string): JobDefinition {
  if (!isJobName(name)) throw new UnknownJobError(name);
  return JOBS[name];
}

export class UnknownJobError extends Error {
  constructor(readonly jobName: string) {
    super(`unknown job "${jobName}": it is not in the job catalogue (libs/jobs/src/catalogue.ts)`);
    this.name = 'UnknownJobError';
  }
}

/** Delay before retry `attempt` + 1, doubling from `baseMs` and capped at `maxMs`. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
