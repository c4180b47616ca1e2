import 'reflect-metadata';
import { BASE_TEST_DATABASE_URL, usePglite, useTestDatabase } from './env';
import { createFileDatabaseSync } from './test-databases';
// Project-level testTimeout does not reach hooks in every Jest version; PGlite's first start alone takes seconds.
jest.setTimeout(60_000);

// Before the test file is loaded: every test file works in a database of its own, copied from the run's
// migrated template (dropped by the global teardown), and its module code already sees that database.
if (!usePglite()) useTestDatabase(createFileDatabaseSync(BASE_TEST_DATABASE_URL));
