import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@aup/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  // Embedded PostgreSQL lives in one process; a second process opening DATA_DIR would corrupt it.
  if (config.databaseMode === 'embedded') {
    throw new Error(
      'the worker process needs DATABASE_URL; in embedded mode the api runs jobs itself (npm start)',
    );
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: stop taking jobs, wait for running ones (SHUTDOWN_TIMEOUT_MS), close connections, exit.
  app.enableShutdownHooks();
  process.stdout.write(
    `aup-audit worker started (${config.queueMode === 'bullmq' ? 'BullMQ' : 'in-process queue'})\n`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`aup-audit: ${err.message}\n`);
  else
    process.stderr.write(
      `aup-audit: failed to start worker: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  process.exit(1);
});
