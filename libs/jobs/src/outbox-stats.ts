import { Injectable } from '@nestjs/common';
import { OutboxRepository } from '@aup/db';

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
  constructor(private readonly outbox: OutboxRepository) {}

  async backlog(): Promise<OutboxBacklog> {
    const row = await this.outbox.backlog();
    return { pending: row.pending, failed: row.failed, oldestPendingSeconds: Math.max(0, row.oldestSeconds) };
  }
}
