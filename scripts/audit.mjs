// `npm run audit -- <command>`: the offline CLI (score an answers file, check policies/), built if needed.
import { spawn } from 'node:child_process';
import { buildIfNeeded } from './build-if-needed.mjs';

const entry = buildIfNeeded('dist/apps/cli/src/main.js');
const child = spawn(process.execPath, [entry, ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
