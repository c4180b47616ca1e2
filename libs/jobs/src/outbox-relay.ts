import { Logger } from '@nestjs/common';
import type { OutboxRepository } from '@aup/db';
import { backoffDelay, isJobName, type QueueName } from './catalogue';
import { JobGaveUpError, type JobQueuePort, type QueuedJob } from './queue.port';

export interface OutboxRelayOptions {
  /** Idle wait between two polls. */
  pollMs: number;
  /** Most rows claimed per round. */
  batchSize: number;
  /** Longest back-off of a row whose hand-over failed. */
  maxBackoffMs: number;
  /** How long a claim keeps other relays off a row; renewed while the hand-over is still running. */
  leaseMs: number;
}

interface OutboxRow {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
}

const FIRST_BACKOFF_MS = 500;

/**
 * Moves outbox rows to the queue. A round claims due rows with FOR UPDATE SKIP LOCKED and a lease (so
 * several relays never take the same row, and a relay that dies releases its rows when the lease ends),
 * commits at once, then hands each row over outside any transaction (embedded PostgreSQL has a single
 * connection, and an in-process job may take minutes). A row handed over is marked sent; a failed hand-over
 * stays pending and is retried with back-off, for as long as the queue is down.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopping = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private lastOutageLog = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: JobQueuePort,
    private readonly opts: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops claiming, then waits for hand-overs in flight (up to `timeoutMs`); unfinished rows stay claimed until their lease ends. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight.values()]),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }

  private async run(): Promise<void> {
    let lastRenewal = Date.now();
    while (!this.stopping) {
      let full = false;
      try {
        const free = Math.min(this.opts.batchSize, this.queue.maxInFlight - this.inFlight.size);
        if (free > 0) {
          const rows = await this.claim(free);
          for (const row of rows) this.handOver(row);
          full = rows.length === free;
        }
        if (this.inFlight.size && Date.now() - lastRenewal > this.opts.leaseMs / 3) {
          await this.renewLeases();
          lastRenewal = Date.now();
        }
      } catch (err) {
        this.logOutage(
          `outbox relay cannot reach the database: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      // A full batch means more may be due: go again at once, unless every slot is busy.
      if (!this.stopping)
        await this.idle(full && this.inFlight.size < this.queue.maxInFlight ? 0 : this.opts.pollMs);
    }
  }

  private idle(ms: number): Promise<void> {
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async claim(limit: number): Promise<OutboxRow[]> {
    return this.outbox.claim(limit, this.opts.leaseMs);
  }

  private async renewLeases(): Promise<void> {
    await this.outbox.renewLeases([...this.inFlight.keys()], this.opts.leaseMs);
  }

  private handOver(row: OutboxRow): void {
    const work = this.deliver(row).finally(() => {
      this.inFlight.delete(row.id);
      this.wakeUp?.();
    });
    this.inFlight.set(row.id, work);
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      if (!isJobName(row.name)) throw new JobGaveUpError(`"${row.name}" is not in the job catalogue`);
      const job: QueuedJob = {
        id: row.id,
        queue: row.queue as QueueName,
        name: row.name,
        payload: row.payload,
      };
      await this.queue.deliver(job);
      // A job can fail for good before this runs (a dead letter, marked by the runner): that state stays.
      await this.outbox.markSent(row.id);
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1_000);
      try {
        if (err instanceof JobGaveUpError) {
          this.logger.error(`outbox ${row.id} (${row.name}) failed: ${message}`);
          await this.outbox.markUndeliverable(row.id, message);
        } else {
          this.logOutage(`outbox ${row.id} (${row.name}) not handed over, retrying: ${message}`);
          // Jitter spreads the retries of a backlog built up during an outage.
          const delay = Math.min(
            this.opts.maxBackoffMs,
            backoffDelay(row.attempts, FIRST_BACKOFF_MS, this.opts.maxBackoffMs) *
              (0.8 + Math.random() * 0.4),
          );
          await this.outbox.retryLater(row.id, Math.round(delay), message);
        }
      } catch (dbErr) {
        // The lease ends on its own and the row is tried again.
        this.logOutage(
          `outbox ${row.id}: could not record the failed hand-over: ${dbErr instanceof Error ? dbErr.message : String(dbErr)}`,
        );
      }
    }
  }

  private logOutage(message: string): void {
    if (Date.now() - this.lastOutageLog < 10_000) return;
    this.lastOutageLog = Date.now();
    this.logger.warn(message);
  }
}
