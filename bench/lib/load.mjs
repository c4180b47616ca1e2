// One autocannon measurement, reduced to the figures the reports print.
import autocannon from 'autocannon';

/**
 * @param {{ url: string, method?: string, headers?: Record<string,string>, body?: string,
 *           connections?: number, durationS?: number, requests?: object[] }} opts
 * `requests` (autocannon's request sequence, with setupRequest/onResponse) makes each request differ, e.g.
 * to carry the version the previous answer returned.
 * @returns {Promise<{ rps: number, mean: number, p50: number, p95: number, p99: number, requests: number, errors: number, non2xx: number, bytesPerResponse: number }>}
 * Latency in ms; autocannon's percentiles (p50, p99) have 1 ms resolution, its mean and p95 (from each
 * response's time) do not.
 */
export async function measure(opts) {
  // Every response's time (ms, sub-millisecond), for percentiles autocannon does not give (p95).
  const times = [];
  const instance = autocannon({
    url: opts.url,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    ...(opts.requests ? { requests: opts.requests } : {}),
    connections: opts.connections ?? 10,
    pipelining: 1,
    duration: opts.durationS ?? 5,
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  const result = await instance;
  return {
    rps: result.requests.average,
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p95: percentile(times, 95),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The p-th percentile (nearest rank) of the values; NaN when there are none. */
export const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
