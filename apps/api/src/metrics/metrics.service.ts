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

  constructor(
    http: HttpMetrics,
    jobs: JobMetrics,
    @Inject(JOB_QUEUE) private readonly queue: JobQueuePort,
    private readonly outbox: OutboxStats,
  ) {
    const own = new Registry();
    collectDefaultMetrics({ register: own });
    // Registered before the gauges they fill: one read per scrape, in collection order.
    const queueUp = new Gauge({ name: 'aup_queue_up', help: '1 when the job queue answered this scrape', registers: [own], collect: () => readQueue() });
    const outboxUp = new Gauge({ name: 'aup_outbox_up', help: '1 when the outbox could be read this scrape', registers: [own], collect: () => readOutbox() });
    const depth = new Gauge({ name: 'aup_queue_jobs', help: 'Jobs in the queue by queue and state', labelNames: ['queue', 'state'], registers: [own] });
    const pending = new Gauge({ name: 'aup_outbox_pending', help: 'Outbox rows due and not yet handed to the queue', registers: [own] });
    const failed = new Gauge({ name: 'aup_outbox_failed', help: 'Outbox rows given up', registers: [own] });
    const oldest = new Gauge({ name: 'aup_outbox_oldest_pending_seconds', help: 'Age of the oldest pending outbox row', registers: [own] });

    const readQueue = async () => {
      depth.reset();
      try {
        for (const row of await this.queue.depth()) depth.set({ queue: row.queue, state: row.state }, row.count);
        queueUp.set(1);
      } catch (err) {
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

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
