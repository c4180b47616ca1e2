import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@aup/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { abortOnError: false });
  app.enableShutdownHooks();
  process.stdout.write('aup-audit worker started\n');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`aup-audit: ${err.message}\n`);
  else process.stderr.write(`aup-audit: failed to start worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
