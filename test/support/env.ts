import type { DatabaseTarget } from '@aup/db';

/** Real PostgreSQL used by the e2e tests (a separate database per developer run is fine). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Real Redis used by the e2e tests. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** `TEST_DB=pglite` runs the repository tests on embedded PGlite (in memory) instead. */
export const usePglite = () => process.env.TEST_DB === 'pglite';

export function testDatabaseTarget(): DatabaseTarget {
  return usePglite() ? { embeddedDataDir: 'memory://' } : { url: TEST_DATABASE_URL, poolSize: 20 };
}
