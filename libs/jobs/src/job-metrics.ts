import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'retried' | 'failed' | 'duplicate';

/**
 * Outcomes of the jobs run by this process. Each process has its own registry: the api serves it at
 * /metrics (embedded mode runs jobs there), the worker at its ops port.
 */
@Injectable()
export class JobMetrics {
  readonly registry = new Registry();
  private readonly outcomes = new Counter({
    name: 'aup_jobs_total',
    help: 'Job runs by queue, job name and outcome (completed, retried, failed for good, duplicate of a completed run)',
    labelNames: ['queue', 'name', 'outcome'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'aup_job_duration_seconds',
    help: 'Time a job run took, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  record(queue: string, name: string, outcome: JobOutcome, seconds: number): void {
    this.outcomes.inc({ queue, name, outcome });
    this.duration.observe({ queue, name, outcome }, seconds);
  }
}
