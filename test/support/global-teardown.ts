import { BASE_TEST_DATABASE_URL } from './env';
import { dropRunDatabases } from './test-databases';

/** Drops the databases this run created; the base database is left as it was. */
export default async function globalTeardown(): Promise<void> {
  await dropRunDatabases(BASE_TEST_DATABASE_URL);
}
