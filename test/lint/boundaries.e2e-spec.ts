import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function cruise(file: string) {
  const rel = relative(root, file);
  return spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      rel,
      '--config',
      '.dependency-cruiser.cjs',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

describe('lint: import boundaries', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(root, 'libs/domain/src/__boundary-probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails when libs/domain imports a framework', () => {
    const file = join(dir, 'bad.ts');
    writeFileSync(file, "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    const res = cruise(file);
    expect(res.status).not.toBe(0);
    expect(res.stdout + res.stderr).toContain('domain-is-framework-free');
  });

  it('fails when libs/domain imports another lib', () => {
    const file = join(dir, 'bad-lib.ts');
    writeFileSync(
      file,
      "import { loadConfig } from '../../../config/src/load-config';\nexport const x = loadConfig;\n",
    );
    const res = cruise(file);
    expect(res.status).not.toBe(0);
    expect(res.stdout + res.stderr).toContain('domain-imports-only-domain');
  });

  it('passes for a framework-free domain file', () => {
    const file = join(dir, 'good.ts');
    writeFileSync(file, 'export const add = (a: number, b: number) => a + b;\n');
    expect(cruise(file).status).toBe(0);
  });
});
