import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { ReportView } from '@aup/contracts';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, FAST_JOBS_ENV, startWorkerContext, uniquePrefix, waitFor } from '../jobs/jobs-harness';
import { answeredAudit } from './report-fixtures';

/** The smallest limit the configuration accepts (64 KiB): a PDF with its embedded fonts is larger. */
const TINY_LIMIT = 64 * 1024;

/**
 * A render that cannot succeed says why and can be retried. A worker with the smallest REPORT_MAX_BYTES
 * refuses the PDF as too large; a worker with the normal limit, on the same database and queue, renders it
 * again when the report is retried.
 */
describe('reports: a failed render says why, and a retry renders it', () => {
  const prefix = uniquePrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...FAST_JOBS_ENV };
  let bed: AuditTestbed;
  let worker: INestApplicationContext | undefined;
  let base: string;

  const reached = (id: string, status: ReportView['status']) =>
    waitFor(
      `report ${status}`,
      async () => {
        const res = await bed.client.get(`${base}/${id}`);
        return res.body.status === status && (res.body as ReportView);
      },
      60_000,
      100,
    );

  beforeAll(async () => {
    bed = await startAuditTestbed(env);
    worker = await startWorkerContext({ ...env, REPORT_MAX_BYTES: String(TINY_LIMIT) });
    const auditId = await answeredAudit(bed.client, bed.orgId);
    base = `/organisations/${bed.orgId}/audits/${auditId}/reports`;
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await bed?.close();
    await clearPrefix(prefix);
  });

  it('fails a file above REPORT_MAX_BYTES at once with the reason, and renders it on retry under the normal limit', async () => {
    const requested = await bed.client.post(base, { format: 'pdf' });
    expect(requested.status).toBe(202);
    const id = requested.body.id as string;

    const failed = await reached(id, 'failed');
    expect(failed).toMatchObject({
      attempts: 1, // refused for good: no retries by the queue
      size: null,
      sha256: null,
      downloadPath: null,
      finishedAt: expect.any(String),
    });
    const reason = new RegExp(
      `^REPORT\\.TOO_LARGE: the file is (\\d+) bytes, above REPORT_MAX_BYTES \\(${TINY_LIMIT}\\)$`,
    );
    expect(failed.error).toMatch(reason);
    expect(Number(reason.exec(failed.error!)![1])).toBeGreaterThan(TINY_LIMIT);
    const early = await bed.client.get(`${base}/${id}/download`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REPORT.NOT_READY');

    // The same database and queue, a worker with the normal limit.
    await worker!.close();
    worker = await startWorkerContext(env);
    const retried = await bed.client.post(`${base}/${id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id, status: 'queued', progress: 0, error: null, finishedAt: null });

    const done = await reached(id, 'done');
    const file = await fetch(`${bed.t.baseUrl}/api/v1${done.downloadPath}`, {
      headers: { authorization: `Bearer ${bed.client.bearer}` },
    });
    expect(file.status).toBe(200);
    const pdf = Buffer.from(await file.arrayBuffer());
    const sha = createHash('sha256').update(pdf).digest();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(done).toMatchObject({ error: null, size: pdf.length, sha256: sha.toString('hex') });
    expect(file.headers.get('repr-digest')).toBe(`sha-256=:${sha.toString('base64')}:`);
    // Same snapshot as the first attempt.
    expect(done.snapshotHash).toBe(requested.body.snapshotHash);

    // Only a failed report can be retried.
    const again = await bed.client.post(`${base}/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'REPORT.NOT_FAILED', reportStatus: 'done' });

    // The trail has the request, the retry (with the reason it failed) and the download.
    const trail = await bed.client.get(
      `/organisations/${bed.orgId}/audit-trail?entity=report&entityId=${id}`,
    );
    const events = trail.body.items as { action: string; before: unknown }[];
    expect(events.map((e) => e.action).sort()).toEqual(['downloaded', 'requested', 'retried']);
    expect(events.find((e) => e.action === 'retried')!.before).toEqual({
      status: 'failed',
      error: failed.error,
    });
  }, 180_000);
});
