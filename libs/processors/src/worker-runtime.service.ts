import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { OutboxRepository, Transactions } from '@aup/db';
import {
  checkProcessors,
  JOB_QUEUE,
  JobMetrics,
  JobProducer,
  JobRunner,
  OutboxRelay,
  PROCESSES_JOB,
  type Consumer,
  type JobName,
  type JobProcessor,
  type JobQueuePort,
  type Schedule,
} from '@aup/jobs';

/**
 * Work that repeats on its own, registered at every start (registering again replaces the schedule).
 * `catchUpAtStart`: in embedded mode the timer lives in the process, so a slot that passed while it was not
 * running (a laptop that is off at 05:00) would be lost; such work also runs once at every start. BullMQ
 * keeps the next slot in Redis and runs it when a worker returns, so full mode needs no catch-up.
 */
const SCHEDULES: { name: JobName; schedule: Schedule; catchUpAtStart?: boolean }[] = [
  { name: 'outbox.prune', schedule: { everyMs: 3_600_000 } },
  { name: 'report.prune', schedule: { everyMs: 6 * 3_600_000 } },
  // Daily at 05:00 UTC; a day missed while down is caught up by the next scan (reminders are unique).
  { name: 'remediation.scan', schedule: { cron: '0 5 * * *' }, catchUpAtStart: true },
  // Daily at 04:30 UTC, before the reminder scan; each run works from the model and the day, so a missed day is made good.
  { name: 'policy_model.refresh', schedule: { cron: '30 4 * * *' }, catchUpAtStart: true },
];

/**
 * Starts job processing: checks the processors against the catalogue, consumes the queues, runs the outbox
 * relay and registers schedules. On shutdown it stops taking work and waits for running jobs.
 *
 * The relay runs here rather than in the api: the api stays a stateless HTTP tier with no Redis writes on
 * its request path, relays scale with workers (SKIP LOCKED keeps them apart), and while no worker runs
 * the jobs wait in the outbox, visible as backlog, instead of in a queue nobody reads.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerRuntime');
  private consumer?: Consumer;
  private relay?: OutboxRelay;
  private scheduling?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxRepository,
    private readonly producer: JobProducer,
    @Inject(JOB_QUEUE) private readonly queue: JobQueuePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: JobMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const processors = new Map<string, JobProcessor>();
    const found = this.discovery
      .getProviders()
      .filter(
        (w) =>
          w.metatype &&
          w.instance &&
          this.reflector.get<JobName | undefined>(PROCESSES_JOB, w.metatype as never),
      )
      .map((w) => {
        const job = this.reflector.get<JobName>(PROCESSES_JOB, w.metatype as never);
        processors.set(job, w.instance as JobProcessor);
        return { job, provider: String(w.name) };
      });
    checkProcessors(found);

    const runner = new JobRunner(this.cls, this.transactions, this.outbox, processors, this.metrics);
    this.consumer = await this.queue.consume(runner.execute, {
      concurrency: this.config.WORKER_CONCURRENCY,
      lockDurationMs: this.config.JOB_LOCK_DURATION_MS,
    });
    this.relay = new OutboxRelay(this.outbox, this.queue, {
      pollMs: this.config.OUTBOX_POLL_MS,
      batchSize: this.config.OUTBOX_BATCH_SIZE,
      maxBackoffMs: this.config.OUTBOX_MAX_BACKOFF_MS,
      leaseMs: this.config.JOB_LOCK_DURATION_MS,
    });
    if (this.queue.kind === 'inline')
      // Through the outbox, like any job: it runs once the relay hands it over, and survives a crash.
      for (const { name } of SCHEDULES.filter((s) => s.catchUpAtStart))
        await this.cls.run(() => this.transactions.run(() => this.producer.enqueue(name, {})));
    this.relay.start();
    await this.registerSchedules();
    this.logger.log(`processing ${found.map((p) => p.job).join(', ')} (${this.queue.kind})`);
  }

  /** Redis may be down at start: keep trying in the background rather than refusing to start. */
  private async registerSchedules(): Promise<void> {
    try {
      for (const { name, schedule } of SCHEDULES) await this.queue.scheduleRepeating(name, schedule, {});
    } catch (err) {
      this.logger.warn(
        `could not register schedules yet, retrying in 30 s: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!this.stopped) this.scheduling = setTimeout(() => void this.registerSchedules(), 30_000);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.scheduling);
    const timeout = this.config.SHUTDOWN_TIMEOUT_MS;
    await this.relay?.stop(timeout);
    await this.consumer?.close(timeout);
    this.logger.log('job processing stopped');
  }
}
