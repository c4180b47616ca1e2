// Latency percentiles with sub-millisecond resolution (autocannon's have 1 ms, too coarse against a
// primary-key select that answers in a fraction of a millisecond). A fixed number of keep-alive
// connections each send one request after another for a fixed time; every request's time is taken with
// the monotonic clock from before the request is written until its answer has been read.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/**
 * @param {{ url: string, headers?: Record<string,string>, connections?: number, durationS?: number }} opts
 * @returns {Promise<{ rps: number, mean: number, p50: number, p95: number, p99: number, requests: number, bad: number }>}
 * Latency in ms.
 */
export async function measureLatency(opts) {
  const connections = opts.connections ?? 1;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(opts.url);
  const times = [];
  let bad = 0;
  const once = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers: opts.headers },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            times.push(performance.now() - t0);
            if (res.statusCode < 200 || res.statusCode >= 300) bad++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        bad++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  const until = started + (opts.durationS ?? 5) * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) await once();
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = [...times].sort((a, b) => a - b);
  return {
    rps: times.length / elapsedS,
    mean: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    requests: times.length,
    bad,
  };
}
