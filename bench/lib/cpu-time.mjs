// CPU time used by processes, from Linux /proc (null elsewhere): how a run's cores were shared between
// the api, PostgreSQL and the load generator.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after its closing one.
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    return { name, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S };
  } catch {
    return null;
  }
}

/** CPU milliseconds so far of the given pids and of every process whose name starts with `postgres`. */
export function cpuSnapshot(pids) {
  let postgres = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(entry);
      if (s?.name.startsWith('postgres')) postgres += s.ms;
    }
  } catch {
    return null;
  }
  return { postgres, ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, stat(pid)?.ms ?? 0])) };
}

/** Cores used by each entry between two snapshots taken `seconds` apart. */
export const coresUsed = (before, after, seconds) =>
  before && after
    ? Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - before[k]) / 1000 / seconds]))
    : null;
