// `npm start`: builds when the sources are newer than the build, then runs the whole product in one
// process. With no DATABASE_URL/REDIS_URL that is embedded PostgreSQL (PGlite, under ./data) and
// in-process jobs: nothing else to install.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildIfNeeded, root } from './build-if-needed.mjs';

const required = Number(readFileSync(new URL('../.nvmrc', import.meta.url), 'utf8').trim());
if (Number(process.versions.node.split('.')[0]) < required) {
  process.stderr.write(
    `aup-audit: Node.js ${required} LTS is required (this is ${process.version}); see .nvmrc\n`,
  );
}
const entry = buildIfNeeded('dist/apps/api/src/main.js');
// The api replaces Nest's Fastify error handler on purpose (see bootstrap.ts): silence Fastify's notice about it.
const child = spawn(process.execPath, ['--disable-warning=FSTWRN004', entry], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
