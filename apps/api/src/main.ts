import 'reflect-metadata';
import { ConfigError, loadConfig } from '@aup/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  const mode = `${config.databaseMode === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL'}, ${config.queueMode === 'inline' ? 'in-process jobs' : 'BullMQ'}`;
  process.stdout.write(
    `aup-audit api listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT} (${mode})\n`,
  );
}

main().catch((err: unknown) => {
  // One line naming what is wrong, then exit: a bad environment must never half-start the service.
  if (err instanceof ConfigError) process.stderr.write(`aup-audit: ${err.message}\n`);
  else
    process.stderr.write(`aup-audit: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
