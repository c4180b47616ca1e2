import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';

/** Where one job stands: its outbox row and, once a processor finished it, its execution record. */
export interface JobStatusRecord {
  id: string;
  outboxStatus: 'pending' | 'sent' | 'failed';
  handOverAttempts: number;
  lastError: string | null;
  completedAttempt: number | null;
  completedAt: Date | null;
}

interface Row {
  id: string;
  status: JobStatusRecord['outboxStatus'];
  attempts: number;
  last_error: string | null;
  attempt: number | null;
  completed_at: Date | null;
}

/** Reads a job's progress across `outbox` and `job_execution` (the job library writes both). */
@Injectable()
export class JobStatusRepository extends TxRepository {
  async find(id: string, name: string): Promise<JobStatusRecord | null> {
    const [row]: Row[] = await this.db.query(
      `SELECT o.id, o.status, o.attempts, o.last_error, e.attempt, e.completed_at
         FROM outbox o LEFT JOIN job_execution e ON e.key = o.id::text
        WHERE o.id = $1 AND o.name = $2`,
      [id, name],
    );
    if (!row) return null;
    return {
      id: row.id,
      outboxStatus: row.status,
      handOverAttempts: row.attempts,
      lastError: row.last_error,
      completedAttempt: row.attempt,
      completedAt: row.completed_at ? new Date(row.completed_at) : null,
    };
  }
}
