/* global performance -- Node 20 global */
// A load on PostgreSQL alone: `connections` clients, each sending one statement after another for a
// bounded time, as the api's pool would. It measures what the database work of a request costs without
// HTTP, the framework or the load generator's parsing, so the api's figures can be read against it.
import pg from 'pg';

/**
 * @param {{ databaseUrl: string, connections?: number, durationS?: number,
 *           next: () => { name: string, text: string, values: unknown[], done?: (row: any) => void } }} opts
 * `next` hands out the statement each call sends (a prepared statement: name and text); `done` gets the
 * first row of its result.
 * @returns {Promise<{ rps: number, mean: number, p99: number, requests: number, errors: number }>} latency in ms
 */
export async function measureDb({ databaseUrl, connections = 10, durationS = 5, next }) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  const latencies = [];
  let errors = 0;
  const until = performance.now() + durationS * 1000;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < until) {
          const call = next();
          const started = performance.now();
          try {
            const { rows } = await client.query({ name: call.name, text: call.text, values: call.values });
            call.done?.(rows[0]);
          } catch {
            errors++;
            call.done?.(undefined);
          }
          latencies.push(performance.now() - started);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  latencies.sort((a, b) => a - b);
  const total = latencies.reduce((s, l) => s + l, 0);
  return {
    rps: latencies.length / durationS,
    mean: latencies.length ? total / latencies.length : NaN,
    p99: latencies.length
      ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]
      : NaN,
    requests: latencies.length,
    errors,
  };
}

/** The baseline insert of the baseline server, sent straight to PostgreSQL. */
export const BASELINE_INSERT = {
  name: 'bench_baseline_insert',
  text: 'INSERT INTO bench_baseline_insert (payload) VALUES ($1) RETURNING id',
  values: ['{"kind":"bench"}'],
};
