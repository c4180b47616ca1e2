import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openTestDatabase } from '../support/database';

const dir = join(__dirname, '../../libs/db/src/sql');

/** The newest version of each function's file: what the migrations leave in place. */
function newestFiles(): Map<string, string> {
  const newest = new Map<string, { version: number; file: string }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    const [name, v] = file.split('.');
    const version = Number(v.slice(1));
    if ((newest.get(name)?.version ?? 0) < version) newest.set(name, { version, file });
  }
  return new Map([...newest].map(([name, { file }]) => [name, file]));
}

describe('database: functions come from their .sql files', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(() => ds.destroy());

  it('every aup_ function in the migrated database is defined exactly as its newest file says', async () => {
    const rows: { name: string; def: string }[] = await ds.query(
      `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'aup\\_%' ORDER BY 1`,
    );
    const files = newestFiles();
    expect(rows.map((r) => r.name)).toEqual([...files.keys()].sort());
    for (const { name, def } of rows) {
      const file = readFileSync(join(dir, files.get(name)!), 'utf8');
      const inDatabase = def.replace(/^CREATE OR REPLACE FUNCTION [a-z_]+\./, 'CREATE OR REPLACE FUNCTION ');
      expect({ name, def: inDatabase.trim() }).toEqual({ name, def: file.trim() });
    }
  });
});
