import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@aup/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TEST_DATABASE_URL } from './env';

export interface TestApp {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  close(): Promise<void>;
}

/** The api's configuration for a test: the test file's own database, already migrated; `env` overrides any variable. */
export const testConfig = (env: Record<string, string> = {}): AppConfig =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: TEST_DATABASE_URL,
    MIGRATIONS_RUN: 'false',
    ...env,
  });

/**
 * Starts the real api on a random loopback port against the e2e PostgreSQL database (already migrated
 * by the global setup). `env` overrides any variable, e.g. `{ REDIS_URL: ... }`.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const app = await createApiApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
