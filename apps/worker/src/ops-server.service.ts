import { createServer, type Server } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { JobMetrics } from '@aup/jobs';

/**
 * The worker has no HTTP api; this listener serves only GET /metrics (process and job metrics, for
 * Prometheus) and GET /health (for the container health check) on WORKER_OPS_PORT.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OpsServer');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobMetrics: JobMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WORKER_OPS_PORT) return;
    const process = new Registry();
    collectDefaultMetrics({ register: process });
    const registry = Registry.merge([process, this.jobMetrics.registry]);
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (req.method === 'GET' && path === '/metrics') {
        registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject).listen(this.config.WORKER_OPS_PORT, this.config.HOST, () =>
        resolve(),
      );
    });
    this.logger.log(`metrics and health on port ${this.config.WORKER_OPS_PORT}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
