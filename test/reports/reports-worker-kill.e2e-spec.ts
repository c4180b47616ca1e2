import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';
import { clearPrefix, uniquePrefix, waitFor } from '../jobs/jobs-harness';
import { answeredAudit } from './report-fixtures';

const main = resolve(__dirname, '../../dist/apps/worker/src/main.js');

/** A worker process killed (SIGKILL) while it renders a PDF: after a restart there is exactly one finished report. */
describe('reports: a worker killed mid-render', () => {
  const prefix = uniquePrefix();
  const workerEnv = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    MIGRATIONS_RUN: 'false',
    OUTBOX_POLL_MS: '50',
    JOB_LOCK_DURATION_MS: '4000',
    WORKER_OPS_PORT: '0',
  };
  let bed: AuditTestbed;
  const started: ChildProcess[] = [];

  function startWorker(): { child: ChildProcess; exited: Promise<unknown> } {
    const child = spawn(process.execPath, [main], { env: workerEnv, stdio: 'ignore' });
    started.push(child);
    return { child, exited: new Promise((res) => child.once('exit', res)) };
  }

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error('Build first: npm run build (the test command does)');
    bed = await startAuditTestbed({ REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await bed?.close();
    await clearPrefix(prefix);
  });

  it('ends with exactly one report, done once, whose digest matches its bytes', async () => {
    const auditId = await answeredAudit(bed.client, bed.orgId);
    const base = `/organisations/${bed.orgId}/audits/${auditId}/reports`;
    const res = await bed.client.post(base, { format: 'pdf' });
    expect(res.status).toBe(202);
    const first = startWorker();
    await waitFor(
      'render started',
      async () => (await bed.client.get(`${base}/${res.body.id}`)).body.status === 'running',
      30_000,
      5,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await bed.client.get(`${base}/${res.body.id}`)).body.status).toBe('running');

    const second = startWorker();
    const view = await waitFor(
      'report done after restart',
      async () => {
        const r = await bed.client.get(`${base}/${res.body.id}`);
        return r.body.status === 'done' && r.body;
      },
      60_000,
    );
    expect(view.attempts).toBeGreaterThanOrEqual(2);
    const list = await bed.client.get(base);
    expect(list.body.items).toHaveLength(1);
    const rows: { n: number }[] = await bed.ds.query(
      `SELECT count(*)::int AS n FROM job_execution WHERE key IN (SELECT id::text FROM outbox WHERE payload->>'reportId' = $1)`,
      [res.body.id],
    );
    expect(rows[0].n).toBe(1);
    const file = await fetch(`${bed.t.baseUrl}/api/v1${view.downloadPath}`, {
      headers: { authorization: `Bearer ${bed.client.bearer}` },
    });
    expect(
      createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
    ).toBe(view.sha256);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
