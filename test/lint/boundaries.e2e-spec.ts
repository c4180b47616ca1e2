import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function cruise(...files: string[]) {
  const rels = files.map((file) => relative(root, file));
  return spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      ...rels,
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

  it('fails when one app imports another', () => {
    const probe = mkdtempSync(join(root, 'apps/cli/src/__boundary-probe-'));
    try {
      const file = join(probe, 'bad-app.ts');
      writeFileSync(
        file,
        "import { WorkerModule } from '../../../worker/src/worker.module';\nexport const x = WorkerModule;\n",
      );
      const res = cruise(file);
      expect(res.status).not.toBe(0);
      expect(res.stdout + res.stderr).toContain('apps-do-not-import-each-other');
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  });

  it('fails when two folders import each other, even with no cycle between files', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'one.ts'), "import { two } from '../b/two';\nexport const one = () => two;\n");
    writeFileSync(join(a, 'three.ts'), 'export const three = 3;\n');
    writeFileSync(join(b, 'two.ts'), 'export const two = 2;\n');
    writeFileSync(
      join(b, 'four.ts'),
      "import { three } from '../a/three';\nexport const four = three + 1;\n",
    );
    const res = cruise(a, b);
    expect(res.status).not.toBe(0);
    const out = res.stdout + res.stderr;
    expect(out).toContain('no-circular-folders');
    expect(out).not.toMatch(/error no-circular:/);
  });
});
