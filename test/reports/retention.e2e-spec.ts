import type { INestApplicationContext } from '@nestjs/common';
import { ReportPruneProcessor } from '@aup/processors';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { startWorkerContext, waitFor } from '../jobs/jobs-harness';
import { answeredAudit } from './report-fixtures';

/**
 * The `report.prune` job on real PostgreSQL: reports and requested policy documents finished more than
 * REPORT_RETENTION_DAYS ago are deleted, recent ones are kept, and 0 keeps everything.
 */
describe('reports: retention (report.prune)', () => {
  let bed: AuditTestbed;
  let keepAll: INestApplicationContext;
  const ids = { oldReport: '', newReport: '', oldDocument: '', newDocument: '' };

  /** Waits until a requested file is rendered (done) through the api's in-process queue. */
  const rendered = (path: string) =>
    waitFor(
      `${path} done`,
      async () => {
        const r = await bed.client.get(path);
        if (r.body.status === 'failed') throw new Error(`render failed: ${r.body.error}`);
        return r.body.status === 'done';
      },
      60_000,
      100,
    );

  const remaining = async (table: 'report' | 'policy_document', list: string[]) =>
    (
      (await bed.ds.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id`, [list])) as {
        id: string;
      }[]
    ).map((r) => r.id);

  beforeAll(async () => {
    // Without REDIS_URL the api runs the processors itself; its retention is 30 days.
    bed = await startAuditTestbed({ OUTBOX_POLL_MS: '100', REPORT_RETENTION_DAYS: '30' });
    keepAll = await startWorkerContext({ REPORT_RETENTION_DAYS: '0' });

    const auditId = await answeredAudit(bed.client, bed.orgId);
    const reports = `/organisations/${bed.orgId}/audits/${auditId}/reports`;
    const documents = `/organisations/${bed.orgId}/policy-model/documents`;
    const requested = await Promise.all([
      bed.client.post(reports, { format: 'csv-remediation' }),
      bed.client.post(reports, { format: 'csv-controls' }),
      bed.client.post(documents, { document: 'policy', format: 'docx' }),
      bed.client.post(documents, { document: 'action-plan', format: 'docx' }),
    ]);
    for (const r of requested) expect(r.status).toBe(202);
    [ids.oldReport, ids.newReport, ids.oldDocument, ids.newDocument] = requested.map((r) => r.body.id);
    await rendered(`${reports}/${ids.oldReport}`);
    await rendered(`${reports}/${ids.newReport}`);
    await rendered(`${documents}/${ids.oldDocument}`);
    await rendered(`${documents}/${ids.newDocument}`);

    // One of each finished 40 days ago, the other 20 days ago (both inside and outside the 30 days).
    await bed.ds.query(`UPDATE report SET finished_at = now() - interval '40 days' WHERE id = $1`, [
      ids.oldReport,
    ]);
    await bed.ds.query(`UPDATE report SET finished_at = now() - interval '20 days' WHERE id = $1`, [
      ids.newReport,
    ]);
    await bed.ds.query(`UPDATE policy_document SET finished_at = now() - interval '40 days' WHERE id = $1`, [
      ids.oldDocument,
    ]);
    await bed.ds.query(`UPDATE policy_document SET finished_at = now() - interval '20 days' WHERE id = $1`, [
      ids.newDocument,
    ]);
  }, 120_000);
  afterAll(async () => {
    await keepAll?.close();
    await bed?.close();
  });

  it('keeps everything when REPORT_RETENTION_DAYS is 0', async () => {
    await keepAll.get(ReportPruneProcessor).process();
    expect(await remaining('report', [ids.oldReport, ids.newReport])).toEqual(
      [ids.oldReport, ids.newReport].sort(),
    );
    expect(await remaining('policy_document', [ids.oldDocument, ids.newDocument])).toEqual(
      [ids.oldDocument, ids.newDocument].sort(),
    );
  });

  it('deletes the reports and policy documents finished more than REPORT_RETENTION_DAYS ago', async () => {
    await bed.t.app.get(ReportPruneProcessor).process();
    expect(await remaining('report', [ids.oldReport, ids.newReport])).toEqual([ids.newReport]);
    expect(await remaining('policy_document', [ids.oldDocument, ids.newDocument])).toEqual([ids.newDocument]);
    const gone = await bed.client.get(
      `/organisations/${bed.orgId}/policy-model/documents/${ids.oldDocument}`,
    );
    expect(gone.status).toBe(404);
    const kept = await bed.client.get(
      `/organisations/${bed.orgId}/policy-model/documents/${ids.newDocument}`,
    );
    expect(kept.body).toMatchObject({ status: 'done' });
  });
});
