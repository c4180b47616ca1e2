import 'reflect-metadata';
import { openDatabase } from '../../libs/db/src/data-source';
import { TEST_DATABASE_URL } from './env';

/** Migrates the e2e database once for the whole run, from an empty schema. */
export default async function globalSetup(): Promise<void> {
  const ds = await openDatabase({ url: TEST_DATABASE_URL }, { migrate: false });
  try {
    await ds.query('DROP SCHEMA IF EXISTS public CASCADE');
    await ds.query('CREATE SCHEMA public');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
