import { createHash } from 'node:crypto';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { waitFor } from '../jobs/jobs-harness';
import { answeredAudit } from './report-fixtures';

/** Without REDIS_URL the api renders reports itself, through the in-process queue, with the same renderers. */
describe('reports: in-process queue (no Redis)', () => {
  let bed: AuditTestbed;
  beforeAll(async () => {
    bed = await startAuditTestbed({ OUTBOX_POLL_MS: '100' });
  });
  afterAll(() => bed?.close());

  it('renders a requested report in the api process and serves it with its digest', async () => {
    const auditId = await answeredAudit(bed.client, bed.orgId);
    const base = `/organisations/${bed.orgId}/audits/${auditId}/reports`;
    const res = await bed.client.post(base, { format: 'csv-remediation' });
    expect(res.status).toBe(202);
    const view = await waitFor('report done', async () => {
      const r = await bed.client.get(`${base}/${res.body.id}`);
      return r.body.status === 'done' && r.body;
    });
    const file = await fetch(`${bed.t.baseUrl}/api/v1${view.downloadPath}`, {
      headers: { authorization: `Bearer ${bed.client.bearer}` },
    });
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.headers.get('repr-digest')).toBe(
      `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
    );
    expect(view.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
