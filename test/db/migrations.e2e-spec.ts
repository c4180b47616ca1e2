import type { DataSource } from 'typeorm';
import { MIGRATIONS, pendingMigrations } from '@aup/db';
import { openTestDatabase } from '../support/database';

describe('database: migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    // Leave the schema fully migrated for the other suites.
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
  });

  const tables = async () =>
    (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('are all applied, then revert one by one to an empty schema and apply again', async () => {
    expect(await pendingMigrations(ds)).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(['organisation', 'user', 'membership']));
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['typeorm_migrations']);
    expect(await pendingMigrations(ds)).toHaveLength(MIGRATIONS.length);
    await ds.runMigrations({ transaction: 'each' });
    expect(await pendingMigrations(ds)).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(['organisation', 'user', 'membership']));
  });
});
