import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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

/** One self-assessment of an organisation against a pinned framework version. */
@Entity({ name: 'audit' })
export class AuditEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'framework_id', type: 'text' })
  frameworkId: string;

  @Column({ name: 'framework_version', type: 'text' })
  frameworkVersion: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: 'draft' })
  status: AuditStatus;

  /** ISO date (YYYY-MM-DD). */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ name: 'previous_audit_id', type: 'uuid', nullable: true })
  previousAuditId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  attestation: Attestation | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Optimistic concurrency for PATCH and transitions (If-Match); bumped by the service, not by TypeORM. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
