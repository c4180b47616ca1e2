import { Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';

/** Request latency by route pattern (never the raw URL: ids would make every request its own series). */
@Injectable()
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly latency = new Histogram({
    name: 'aup_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** `route` is the matched pattern (e.g. /api/v1/organisations/:orgId); undefined when no route matched. */
  observe(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.latency.observe(
      { method, route: route ?? 'unmatched', status_class: `${Math.floor(statusCode / 100)}xx` },
      seconds,
    );
  }
}
