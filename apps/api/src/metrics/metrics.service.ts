import { Inject, Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { JOB_QUEUE, JobMetrics, OutboxStats, type JobQueuePort } from '@aup/jobs';
import { HttpMetrics } from './http-metrics';

/**
 * Everything /metrics serves: process defaults, HTTP latency, outcomes of jobs run in this process, and
 * two views read at scrape time, queue depth (from the queue) and the outbox backlog (from the database).
 * A dependency that is down yields `aup_queue_up 0` or `aup_outbox_up 0`, never a failed scrape.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('MetricsService');
  readonly registry: Registry;
  private readonly refresh: () => Promise<void>;

  constructor(
    http: HttpMetrics,
    jobs: JobMetrics,
    @Inject(JOB_QUEUE) private readonly queue: JobQueuePort,
    private readonly outbox: OutboxStats,
  ) {
    const own = new Registry();
    collectDefaultMetrics({ register: own });
    const queueUp = new Gauge({
      name: 'aup_queue_up',
      help: '1 when the job queue answered this scrape',
      registers: [own],
    });
    const outboxUp = new Gauge({
      name: 'aup_outbox_up',
      help: '1 when the outbox could be read this scrape',
      registers: [own],
    });
    const depth = new Gauge({
      name: 'aup_queue_jobs',
      help: 'Jobs in the queue by queue and state',
      labelNames: ['queue', 'state'],
      registers: [own],
    });
    const pending = new Gauge({
      name: 'aup_outbox_pending',
      help: 'Outbox rows due and not yet handed to the queue',
      registers: [own],
    });
    const failed = new Gauge({ name: 'aup_outbox_failed', help: 'Outbox rows given up', registers: [own] });
    const oldest = new Gauge({
      name: 'aup_outbox_oldest_pending_seconds',
      help: 'Age of the oldest pending outbox row',
      registers: [own],
    });

    // prom-client collects metrics concurrently, so the reads happen before collection, once per scrape.
    this.refresh = () => Promise.all([readQueue(), readOutbox()]).then(() => undefined);
    const readQueue = async () => {
      try {
        const rows = await this.queue.depth();
        depth.reset();
        for (const row of rows) depth.set({ queue: row.queue, state: row.state }, row.count);
        queueUp.set(1);
      } catch (err) {
        depth.reset();
        queueUp.set(0);
        this.logger.debug(`queue depth unavailable: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    const readOutbox = async () => {
      try {
        const b = await this.outbox.backlog();
        pending.set(b.pending);
        failed.set(b.failed);
        oldest.set(b.oldestPendingSeconds);
        outboxUp.set(1);
      } catch {
        outboxUp.set(0);
      }
    };
    this.registry = Registry.merge([own, http.registry, jobs.registry]);
  }

  async metrics(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }
}
