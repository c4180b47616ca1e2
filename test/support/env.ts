import type { DatabaseTarget } from '@aup/db';

/**
 * The PostgreSQL database the e2e run starts from (`TEST_DATABASE_URL`). The run never changes or drops
 * it: the global setup creates a migrated template database beside it, and every test file gets a
 * database of its own copied from that template (`setup-e2e.ts`), all dropped at the end of the run.
 */
export const BASE_TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The current test file's own database (set before the file's hooks run; see `useTestDatabase`). */
export let TEST_DATABASE_URL = BASE_TEST_DATABASE_URL;
/** Real Redis used by the e2e tests. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Points every helper of this test file at its own database. */
export function useTestDatabase(url: string): void {
  TEST_DATABASE_URL = url;
}

/** `TEST_DB=pglite` runs the repository tests on embedded PGlite (in memory) instead. */
export const usePglite = () => process.env.TEST_DB === 'pglite';

export function testDatabaseTarget(): DatabaseTarget {
  return usePglite() ? { embeddedDataDir: 'memory://' } : { url: TEST_DATABASE_URL, poolSize: 20 };
}
