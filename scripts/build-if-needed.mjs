// Builds dist/ when any source is newer than the given build output, so `npm start` and `npm run audit`
// work straight after a checkout or an edit without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Runs `npm run build` when `entry` (relative to the repository root) is missing or older than the sources. */
export function buildIfNeeded(entry, { quiet = false } = {}) {
  const target = join(root, entry);
  const sources = Math.max(
    ...['apps', 'libs', 'scripts'].map((d) => newest(join(root, d))),
    statSync(join(root, 'package.json')).mtimeMs,
  );
  if (existsSync(target) && statSync(target).mtimeMs >= sources) return target;
  if (!quiet) console.error('aup-audit: building...');
  // stdout of the build goes to stderr so a command's own output (e.g. --format json) stays clean.
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  return target;
}
