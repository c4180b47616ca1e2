import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface OutboxBacklog {
  /** Rows waiting to be handed to the queue (due now or already tried). */
  pending: number;
  /** Rows given up (job failed for good in-process, or not in the catalogue). */
  failed: number;
  /** Age of the oldest such pending row, 0 when there is none. */
  oldestPendingSeconds: number;
}

@Injectable()
export class OutboxStats {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async backlog(): Promise<OutboxBacklog> {
    // Delayed rows that are not yet due are not backlog; rows being retried are.
    const [row] = await this.dataSource.query<{ pending: number; failed: number; oldest: number }[]>(`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'failed' AND retried_as IS NULL)::int AS failed,
             COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest
        FROM outbox
       WHERE status = 'failed' OR (status = 'pending' AND (attempts > 0 OR available_at <= now()))`);
    return { pending: row.pending, failed: row.failed, oldestPendingSeconds: Math.max(0, row.oldest) };
  }
}
