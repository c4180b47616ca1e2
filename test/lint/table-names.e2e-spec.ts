import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

const check = (...files: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts/check-table-names.mjs'), ...files], {
    cwd: root,
    encoding: 'utf8',
  });

describe('lint: table names only in repositories and migrations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(root, 'apps/api/src/__table-probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes for the code base as it is', () => {
    const res = check();
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('fails when a service names a table, and says where', () => {
    const file = join(dir, 'bad.service.ts');
    writeFileSync(file, 'export const q = `SELECT id FROM\n  audit WHERE id = $1`;\n');
    const res = check(file);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/bad\.service\.ts:1: names table "audit"/);
  });

  it('accepts a word that only looks like a table name', () => {
    const file = join(dir, 'fine.ts');
    writeFileSync(file, "// read the audit from the store\nexport const x = 'audit_trail_view';\n");
    expect(check(file).status).toBe(0);
  });
});
