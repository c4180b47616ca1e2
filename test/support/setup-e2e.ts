import 'reflect-metadata';
import { BASE_TEST_DATABASE_URL, usePglite, useTestDatabase } from './env';
import { createFileDatabase } from './test-databases';
// Project-level testTimeout does not reach hooks in every Jest version; PGlite's first start alone takes seconds.
jest.setTimeout(60_000);

// Registered before the test file's own hooks, so they run first: every test file works in a database of
// its own, copied from the run's migrated template (dropped by the global teardown).
if (!usePglite()) {
  beforeAll(async () => useTestDatabase(await createFileDatabase(BASE_TEST_DATABASE_URL)));
}
