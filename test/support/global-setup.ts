import 'reflect-metadata';
import { openDatabase, runMigrationsOnce } from '../../libs/db/src/data-source';
import { BASE_TEST_DATABASE_URL } from './env';
import { createRunTemplate } from './test-databases';

/** Creates this run's template database and migrates it once; each test file copies it. */
export default async function globalSetup(): Promise<void> {
  const ds = await openDatabase({ url: await createRunTemplate(BASE_TEST_DATABASE_URL) }, { migrate: false });
  try {
    await runMigrationsOnce(ds);
  } finally {
    await ds.destroy();
  }
}
