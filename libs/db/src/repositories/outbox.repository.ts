import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import { rowsOf } from '../rows';

/** An outbox row claimed for hand-over to the queue. */
export interface ClaimedOutboxRow {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface OutboxBacklogRow {
  pending: number;
  failed: number;
  oldestSeconds: number;
}

/** A job that failed for good (a dead letter), not yet queued again. */
export interface FailedJobRecord {
  id: string;
  name: string;
  queue: string;
  payload: Record<string, unknown>;
  lastError: string | null;
  failedAt: Date | null;
  createdAt: Date;
}

/** `$n` scopes to one organisation's jobs (payload.organisationId); NULL means every job (operators). */
const ofOrganisation = (param: string) =>
  `(${param}::text IS NULL OR payload->>'organisationId' = ${param}::text)`;

const leaseEnd = (param: string) => `now() + make_interval(secs => ${param}::double precision / 1000)`;

/** The only code that names `outbox` and `job_execution` (the job library's tables). */
@Injectable()
export class OutboxRepository extends TxRepository {
  /** Writes a job in the caller's open transaction; returns its id. */
  async enqueue(queue: string, name: string, payload: unknown, delayMs: number): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO outbox (queue, name, payload, available_at)
       VALUES ($1, $2, $3::jsonb, ${leaseEnd('$4')}) RETURNING id`,
      [queue, name, JSON.stringify(payload), delayMs],
    );
    return rows[0].id;
  }

  /** Claims up to `limit` due rows with a lease (FOR UPDATE SKIP LOCKED: several relays never take one row). */
  async claim(limit: number, leaseMs: number): Promise<ClaimedOutboxRow[]> {
    return rowsOf<ClaimedOutboxRow>(
      this.db,
      `UPDATE outbox SET attempts = attempts + 1, available_at = ${leaseEnd('$2')}
        WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND available_at <= now()
                      ORDER BY available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, queue, name, payload, attempts`,
      [limit, leaseMs],
    );
  }

  async renewLeases(ids: readonly string[], leaseMs: number): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET available_at = ${leaseEnd('$2')} WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids, leaseMs],
    );
  }

  /** Handed over; a row already failed for good (a dead letter) stays failed. */
  async markSent(id: string): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }

  /** Not deliverable at all (e.g. not in the job catalogue). */
  async markUndeliverable(id: string, message: string): Promise<void> {
    await this.db.query(`UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1`, [id, message]);
  }

  /** A hand-over failed: try again after `delayMs`. */
  async retryLater(id: string, delayMs: number, message: string): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET available_at = ${leaseEnd('$2')}, last_error = $3
        WHERE id = $1 AND status = 'pending'`,
      [id, delayMs, message],
    );
  }

  /** The job failed for good: a dead letter an admin can retry. */
  async markDeadLetter(id: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET status = 'failed', failed_at = now(), last_error = $2 WHERE id = $1 AND status <> 'failed'`,
      [id, message],
    );
  }

  /** Rows due or being retried, rows given up, and the age of the oldest pending one. */
  async backlog(): Promise<OutboxBacklogRow> {
    // Delayed rows that are not yet due are not backlog; rows being retried are.
    const [row]: { pending: number; failed: number; oldest: number }[] = await this.db.query(`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'failed' AND retried_as IS NULL)::int AS failed,
             COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest
        FROM outbox
       WHERE status = 'failed' OR (status = 'pending' AND (attempts > 0 OR available_at <= now()))`);
    return { pending: row.pending, failed: row.failed, oldestSeconds: row.oldest };
  }

  /** Removes the secret token a mail job carried, once the mail is sent. */
  async dropToken(id: string): Promise<void> {
    await this.db.query(`UPDATE outbox SET payload = payload - 'token' WHERE id = $1`, [id]);
  }

  /** Deletes sent rows and completed-job records older than `days`. */
  async prune(days: number): Promise<void> {
    await this.db.query(
      `DELETE FROM outbox WHERE status = 'sent' AND sent_at < now() - make_interval(days => $1)`,
      [days],
    );
    await this.db.query(`DELETE FROM job_execution WHERE completed_at < now() - make_interval(days => $1)`, [
      days,
    ]);
  }

  /** Whether a job with this key completed already. */
  async completed(key: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM job_execution WHERE key = $1`, [key]);
    return rows.length > 0;
  }

  /** Records a job's completion in the transaction of its effects; false if another run recorded it first. */
  async recordCompletion(e: {
    key: string;
    queue: string;
    name: string;
    attempt: number;
    completedBy: string;
    startedAt: Date;
  }): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO job_execution (key, queue, name, attempt, completed_by, started_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [e.key, e.queue, e.name, e.attempt, e.completedBy, e.startedAt],
    );
    return inserted.length > 0;
  }

  /**
   * Dead letters, newest first: one organisation's (jobs whose payload names it), or with `null` every one,
   * including jobs that belong to a person rather than an organisation (daily e-mail digests, mails).
   */
  async failedJobs(organisationId: string | null, limit = 200): Promise<FailedJobRecord[]> {
    const rows: {
      id: string;
      name: string;
      queue: string;
      payload: Record<string, unknown>;
      last_error: string | null;
      failed_at: Date | null;
      created_at: Date;
    }[] = await this.db.query(
      `SELECT id, name, queue, payload, last_error, failed_at, created_at FROM outbox
        WHERE status = 'failed' AND retried_as IS NULL AND ${ofOrganisation('$1')}
        ORDER BY failed_at DESC NULLS LAST, id LIMIT $2`,
      [organisationId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      queue: r.queue,
      payload: r.payload,
      lastError: r.last_error,
      failedAt: r.failed_at,
      createdAt: r.created_at,
    }));
  }

  /**
   * Queues a dead letter again as a new outbox row and links the two (the old row leaves the failed count);
   * undefined when there is no such dead letter (in that organisation, unless `organisationId` is null).
   */
  async retryFailedJob(organisationId: string | null, jobId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `WITH old AS (
         SELECT id, queue, name, payload FROM outbox
          WHERE id = $1 AND status = 'failed' AND retried_as IS NULL AND ${ofOrganisation('$2')} FOR UPDATE
       ), ins AS (
         INSERT INTO outbox (queue, name, payload) SELECT queue, name, payload FROM old RETURNING id
       ), upd AS (
         UPDATE outbox SET retried_as = (SELECT id FROM ins) WHERE id = (SELECT id FROM old) RETURNING retried_as
       )
       SELECT retried_as AS id FROM upd`,
      [jobId, organisationId],
    );
    return rows[0]?.id;
  }
}
