import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per job that completed. Delivery is at least once, so a job may start twice (a relay re-adds
 * it, a killed worker's job is picked up again); the primary key makes its completion happen once.
 * `key` is the outbox id, or the queue's job id for scheduled jobs that never pass through the outbox.
 */
@Entity({ name: 'job_execution' })
export class JobExecutionEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  name: string;

  /** The processing attempt (1-based) that completed the job. */
  @Column({ type: 'integer' })
  attempt: number;

  /** host:pid of the process that completed it. */
  @Column({ name: 'completed_by', type: 'text' })
  completedBy: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', default: () => 'now()' })
  completedAt: Date;
}
