import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReportEntityStatus = 'queued' | 'running' | 'done' | 'failed';

/** A requested report file; its bytes are in `file` (read only by the download). See ReportRepository. */
@Entity({ name: 'report' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @Column({ name: 'snapshot_id', type: 'uuid', nullable: true })
  snapshotId: string | null;

  @Column({ name: 'draft_snapshot', type: 'jsonb', nullable: true, select: false })
  draftSnapshot: unknown;

  @Column({ name: 'snapshot_hash', type: 'text' })
  snapshotHash: string;

  @Column({ type: 'boolean' })
  draft: boolean;

  @Column({ type: 'jsonb', select: false })
  context: unknown;

  @Column({ type: 'text' })
  format: string;

  @Column({ type: 'text', default: 'queued' })
  status: ReportEntityStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'bytea', nullable: true, select: false })
  file: Buffer | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType: string | null;

  @Column({ type: 'integer', nullable: true })
  size: number | null;

  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
