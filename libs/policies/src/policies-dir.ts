import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let root: string | undefined;

/** The repository root: the nearest folder above this module holding policies/schema (works from src and dist). */
export function repoRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'policies', 'schema')) && existsSync(join(dir, 'package.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error('policies/schema not found above the policies library');
  }
}

/** Where the JSON Schemas live; fixtures and other content directories are validated against these. */
export function schemaDir(): string {
  return join(repoRoot(), 'policies', 'schema');
}

/** The policies directory: the configured one (POLICIES_DIR) or the repository's policies/. */
export function resolvePoliciesDir(configured?: string): string {
  return configured ? resolve(configured) : join(repoRoot(), 'policies');
}
