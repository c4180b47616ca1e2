import {
  startAuditTestbed,
  createAudit,
  submitAudit,
  type AuditTestbed,
} from '../audits/support/audit-fixtures';

const ATTEST = { statement: 'I confirm these answers are complete and accurate.', role: 'Compliance lead' };

/**
 * Finding "submit and reopen accept no If-Match": both change the audit's state for everyone, so both need
 * the version the caller saw, as answers do. Without it 428; with an older one 409 and nothing changes.
 */
describe('security: submit and reopen need If-Match', () => {
  let bed: AuditTestbed;
  beforeAll(async () => {
    bed = await startAuditTestbed();
  });
  afterAll(() => bed.close());

  const etagOf = async (path: string) => (await bed.client.get(path)).headers.get('etag')!;
  const stateOf = async (path: string) => (await bed.client.get(path)).body.status as string;

  it('refuses a submit without If-Match (428) or with an older version (409), and submits with the current one', async () => {
    const path = `/organisations/${bed.orgId}/audits/${await createAudit(bed.client, bed.orgId)}`;
    const before = await etagOf(path);
    const started = await bed.client.post(
      `${path}/transitions`,
      { action: 'start' },
      { headers: { 'if-match': before } },
    );
    expect(started.status).toBe(200);

    const bare = await bed.client.post(`${path}/submit`, ATTEST);
    expect(bare.status).toBe(428);
    expect(bare.body.code).toBe('REQUEST.PRECONDITION_REQUIRED');
    expect(await stateOf(path)).toBe('in_progress');

    const stale = await bed.client.post(`${path}/submit`, ATTEST, { headers: { 'if-match': before } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('AUDIT.VERSION_CONFLICT');
    expect(await stateOf(path)).toBe('in_progress');

    // With the current version (and every open question acknowledged, as an incomplete submission must).
    const submitted = await submitAudit(bed.client, path);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
  });

  it('refuses a reopen without If-Match (428) or with an older version (409), and reopens with the current one', async () => {
    const path = `/organisations/${bed.orgId}/audits/${await createAudit(bed.client, bed.orgId)}`;
    await bed.client.post(
      `${path}/transitions`,
      { action: 'start' },
      { headers: { 'if-match': await etagOf(path) } },
    );
    const started = await etagOf(path);
    const submitted = await submitAudit(bed.client, path);
    expect(submitted.status).toBe(200);
    const reason = { reason: 'The board asked for the HR section again.' };

    const bare = await bed.client.post(`${path}/reopen`, reason);
    expect(bare.status).toBe(428);
    expect(bare.body.code).toBe('REQUEST.PRECONDITION_REQUIRED');
    const stale = await bed.client.post(`${path}/reopen`, reason, { headers: { 'if-match': started } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('AUDIT.VERSION_CONFLICT');
    expect(await stateOf(path)).toBe('submitted');

    const reopened = await bed.client.post(`${path}/reopen`, reason, {
      headers: { 'if-match': submitted.headers.get('etag')! },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).not.toBe('submitted');
  });
});
