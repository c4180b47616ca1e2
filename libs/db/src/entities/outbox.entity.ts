import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A job written in the same transaction as the change that needs it. The relay hands pending rows to the
 * queue (BullMQ, or the in-process runner) and marks them sent, so a Redis outage delays work but never
 * loses it. The row id is the job id in BullMQ and the key processors use to run a job once.
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_pending', ['availableAt'], { where: `"status" = 'pending'` })
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: OutboxStatus;

  /** Hand-over attempts so far (claims by a relay), not processing attempts. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Not handed over before this time: delayed jobs, back-off after a failure, or a relay's claim lease. */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
