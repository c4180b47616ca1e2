import { HttpStatus } from '@nestjs/common';
import type { AuditView } from '@aup/contracts';
import { type AuditRepository, LOCKED_AUDIT_STATUSES, type AuditRecord } from '@aup/db';
import type { CurrentMembershipInfo } from '../common/principal';
import { ProblemException } from '../common/problem';

export type Caller = CurrentMembershipInfo;

/** Roles that manage audits: create, assign, review, submit, reopen. */
export const MANAGERS = ['admin', 'compliance_officer'] as const;
export const isManager = (caller: Caller) => caller.role === 'admin' || caller.role === 'compliance_officer';

export const auditNotFound = () =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    'The audit does not exist or you have no access to it.',
  );

/** The audit of the caller's organisation, optionally row-locked; any other audit is a 404. */
export async function findAudit(
  audits: AuditRepository,
  caller: Caller,
  auditId: string,
  lock?: 'share' | 'update',
): Promise<AuditRecord> {
  const audit = await audits.find(caller.organisationId, auditId, lock);
  if (!audit) throw auditNotFound();
  return audit;
}

/** The refusal of a change to an audit in a locked status (submitted, closed). */
export const lockedAudit = (status: AuditRecord['status']) =>
  status === 'in_review'
    ? new ProblemException(
        HttpStatus.CONFLICT,
        'ANSWER.LOCKED_FOR_REVIEW',
        'The answer is locked for review',
        'The audit is in review: answers change only when the reviewer sends them back (needs changes), or after the audit is returned to in_progress.',
        { auditStatus: status },
      )
    : new ProblemException(
        HttpStatus.CONFLICT,
        'AUDIT.LOCKED',
        'The audit is locked',
        `The audit is ${status}; nothing in it can change. A compliance officer can reopen a submitted audit (POST .../reopen with a reason).`,
        { auditStatus: status },
      );

export function assertUnlocked(audit: Pick<AuditRecord, 'status'>): void {
  if (LOCKED_AUDIT_STATUSES.includes(audit.status)) throw lockedAudit(audit.status);
}

export function toAuditView(a: AuditRecord): AuditView {
  return {
    id: a.id,
    organisationId: a.organisationId,
    title: a.title,
    status: a.status,
    dueDate: a.dueDate,
    framework: { id: a.frameworkId, version: a.frameworkVersion, contentHash: a.contentHash },
    previousAuditId: a.previousAuditId,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    attestation: a.attestation,
    version: a.version,
  };
}

export function assertAuditVersion(audit: AuditRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== audit.version) {
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'AUDIT.VERSION_CONFLICT',
      'The audit has changed',
      `You sent version ${expected}; the audit is at version ${audit.version}. Reload it and try again.`,
      {
        current: toAuditView(audit),
      },
    );
  }
}

/** Sections of the audit assigned to the user. */
export async function assignedSections(
  audits: AuditRepository,
  auditId: string,
  userId: string,
): Promise<Set<string>> {
  return audits.assignedSections(auditId, userId);
}

export const sectionNotAssigned = (section: string) =>
  new ProblemException(
    HttpStatus.FORBIDDEN,
    'SECTION.NOT_ASSIGNED',
    'Section not assigned to you',
    `The ${section} section of this audit is not assigned to you.`,
    { section },
  );

/** Respondents work only on their assigned sections; every other role may read all of them. */
export async function assertCanReadSection(
  audits: AuditRepository,
  caller: Caller,
  auditId: string,
  section: string,
): Promise<void> {
  if (caller.role !== 'respondent') return;
  if (!(await assignedSections(audits, auditId, caller.userId)).has(section))
    throw sectionNotAssigned(section);
}
