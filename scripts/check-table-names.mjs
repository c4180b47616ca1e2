#!/usr/bin/env node
// Run by `npm run lint`: table names appear in SQL only in repositories (libs/db/src/repositories) and
// migrations. Services, guards, controllers, processors and libraries call repositories instead.
// Usage: node scripts/check-table-names.mjs [file ...]   (no files: every source file of apps, libs, scripts)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');

const OWNERS = [/^libs\/db\/src\/repositories\//, /^libs\/db\/src\/migrations\//];
const SKIP = [/\.spec\.ts$/, /^apps\/web\//, /(^|\/)node_modules\//, /(^|\/)dist\//];

function tables() {
  const dir = join(root, 'libs/db/src/migrations');
  const names = new Set();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(
      /CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)"?/g,
    ))
      names.add(m[1]);
  }
  return [...names];
}

function walk(dir, out) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const rel = relative(root, path).split(sep).join('/');
    if (SKIP.some((re) => re.test(rel))) continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mts|mjs|js)$/.test(entry)) out.push(rel);
  }
  return out;
}

const names = tables();
// SQL keywords are written in capitals in this code base; a table after one of them is a use of the table.
const use = new RegExp(
  `\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON CONFLICT ON)\\s+"?(${names.join('|')})"?(?![\\w-])`,
  'g',
);

const files =
  process.argv.length > 2
    ? process.argv.slice(2).map((f) => relative(root, resolve(f)).split(sep).join('/'))
    : ['apps', 'libs', 'scripts'].flatMap((d) => walk(join(root, d), []));

const problems = [];
for (const file of files) {
  if (OWNERS.some((re) => re.test(file))) continue;
  const text = readFileSync(join(root, file), 'utf8');
  for (const m of text.matchAll(use)) {
    const line = text.slice(0, m.index).split('\n').length;
    problems.push(`${file}:${line}: names table "${m[1]}"`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(
    `\n${problems.length} use(s) of a table outside libs/db/src/repositories and migrations: move the SQL into a repository.`,
  );
  process.exit(1);
}
