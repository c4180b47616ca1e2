// The value types of stored records that the api and the worker share (statuses, roles, JSON documents).

export const ROLES = ['admin', 'compliance_officer', 'respondent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const AUDIT_STATUSES = ['draft', 'in_progress', 'in_review', 'submitted', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];
/** Statuses in which answers, assignments and comments can no longer change. */
export const LOCKED_AUDIT_STATUSES: readonly AuditStatus[] = ['submitted', 'closed'];

/** The submitter's statement, stored with the audit and read by auditors. */
export interface Attestation {
  statement: string;
  /** The role the submitter attests in (their job title or function, not a person's name). */
  role: string;
  userId: string;
  at: string;
  /** Submitted with questions open: the number the submitter attested to, of the visible total. */
  incomplete?: { open: number; total: number };
}

export const ANSWER_STATUSES = ['unanswered', 'answered', 'needs_review', 'needs_changes'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const EVIDENCE_KINDS = ['document', 'link', 'attestation', 'record'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** An evidence reference as stored in history and returned by the api. */
export interface EvidenceRefData {
  title: string;
  kind: EvidenceKind;
  location: string | null;
  ownerUserId: string | null;
  ownerRole: string | null;
  date: string | null;
  expiresOn: string | null;
}

export type OneTimeTokenPurpose = 'password_reset' | 'mfa_challenge';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type ReportEntityStatus = 'queued' | 'running' | 'done' | 'failed';
