import { createHash } from 'node:crypto';
import { canonicalJson } from '@aup/domain';
import { AuditTrailService } from '../../apps/api/src/audit-trail/audit-trail.service';
import { transaction } from '../support/database';
import {
  startAuditTestbed,
  createAudit,
  submitAudit,
  type AuditTestbed,
} from '../audits/support/audit-fixtures';

/**
 * Finding "trail gaps": the chain's head (position and hash) is sealed into each submitted result, the
 * trail records the result's hash, verify checks both and names the check that failed, and a result edited
 * in the database is not served.
 */
describe('security: the audit trail is anchored in sealed results', () => {
  let bed: AuditTestbed;
  beforeAll(async () => {
    bed = await startAuditTestbed();
  });
  afterAll(() => bed.close());

  async function submittedAudit(): Promise<{ auditId: string; snapshotId: string }> {
    const auditId = await createAudit(bed.client, bed.orgId);
    const path = `/organisations/${bed.orgId}/audits/${auditId}`;
    const started = await bed.client.post(
      `${path}/transitions`,
      { action: 'start' },
      { headers: { 'if-match': (await bed.client.get(path)).headers.get('etag')! } },
    );
    expect(started.status).toBe(200);
    // Nothing is answered: the submit acknowledges every open question, as an incomplete submission must.
    const submitted = await submitAudit(bed.client, path);
    expect(submitted.status).toBe(200);
    const [row]: { id: string }[] = await bed.ds.query(`SELECT id FROM result_snapshot WHERE audit_id = $1`, [
      auditId,
    ]);
    return { auditId, snapshotId: row.id };
  }
  /** Someone with write access to the database: the immutability triggers are switched off around the edit. */
  async function tamper(table: string, sql: string, params: unknown[]): Promise<void> {
    await bed.ds.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await bed.ds.query(sql, params);
    } finally {
      await bed.ds.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  }
  const verify = async () => (await bed.client.get(`/organisations/${bed.orgId}/audit-trail/verify`)).body;
  const sha = (doc: unknown) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

  it('seals the head of the chain into the submitted result, and verify checks every part', async () => {
    const { snapshotId } = await submittedAudit();
    const [{ result }]: { result: { trailAnchor: { seq: number; hash: string } } }[] = await bed.ds.query(
      `SELECT result FROM result_snapshot WHERE id = $1`,
      [snapshotId],
    );
    const [event]: { hash: string }[] = await bed.ds.query(
      `SELECT hash FROM audit_event WHERE organisation_id = $1 AND seq = $2`,
      [bed.orgId, result.trailAnchor.seq],
    );
    expect(result.trailAnchor).toEqual({ seq: expect.any(Number), hash: event.hash });
    const report = await verify();
    expect(report).toMatchObject({
      valid: true,
      checks: { chain: 'passed', head: 'passed', snapshots: 'passed', anchors: 'passed' },
    });
    expect(report.snapshotsChecked).toBeGreaterThanOrEqual(1);
  });

  it('refuses to serve a result edited in the database, and verify names the snapshot check', async () => {
    const { auditId, snapshotId } = await submittedAudit();
    await tamper(
      'result_snapshot',
      `UPDATE result_snapshot SET result = jsonb_set(result, '{attestation,role}', '"Someone else"') WHERE id = $1`,
      [snapshotId],
    );
    const base = `/organisations/${bed.orgId}/audits/${auditId}`;
    const results = await bed.client.get(`${base}/results`);
    expect(results.status).toBe(409);
    expect(results.body.code).toBe('RESULTS.INTEGRITY_FAILED');
    // Every read of the sealed result checks it, not only the results route: the numbered version, a diff
    // against it, and a report (which would state the original SHA-256 over edited content).
    for (const res of [
      await bed.client.get(`${base}/versions/1`),
      await bed.client.get(`${base}/versions/diff?from=1&to=1`),
      await bed.client.post(`${base}/reports`, { format: 'json' }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'RESULTS.INTEGRITY_FAILED', snapshotId });
    }
    expect(
      (await bed.ds.query(`SELECT count(*)::int AS n FROM report WHERE audit_id = $1`, [auditId]))[0].n,
    ).toBe(0);
    const report = await verify();
    expect(report).toMatchObject({
      valid: false,
      checks: { chain: 'passed', head: 'passed', snapshots: 'failed' },
      firstBroken: { reason: 'snapshot_hash_mismatch', snapshotId },
    });

    // Re-hashing the edited result does not help: the trail recorded the original hash.
    const [{ result }]: { result: unknown }[] = await bed.ds.query(
      `SELECT result FROM result_snapshot WHERE id = $1`,
      [snapshotId],
    );
    await tamper('result_snapshot', `UPDATE result_snapshot SET snapshot_hash = $2 WHERE id = $1`, [
      snapshotId,
      sha(result),
    ]);
    expect((await verify()).firstBroken).toMatchObject({ reason: 'snapshot_trail_mismatch', snapshotId });
    await tamper('result_snapshot', `DELETE FROM result_snapshot WHERE id = $1`, [snapshotId]);
  });

  it('catches events deleted from the end together with a rewound head, when a result was sealed after them', async () => {
    await submittedAudit();
    const [{ seq }]: { seq: string }[] = await bed.ds.query(
      `SELECT max(seq) AS seq FROM audit_event WHERE organisation_id = $1`,
      [bed.orgId],
    );
    const cut = Number(seq) - 3;
    // Delete the last events and rewind the head row to the new end: the head check alone is satisfied.
    await tamper('audit_event', `DELETE FROM audit_event WHERE organisation_id = $1 AND seq > $2`, [
      bed.orgId,
      cut,
    ]);
    const [last]: { hash: string }[] = await bed.ds.query(
      `SELECT hash FROM audit_event WHERE organisation_id = $1 AND seq = $2`,
      [bed.orgId, cut],
    );
    await tamper(
      'audit_chain_head',
      `UPDATE audit_chain_head SET seq = $2, last_hash = $3 WHERE chain_id = $1`,
      [bed.orgId, cut, last.hash],
    );
    const report = await verify();
    expect(report.valid).toBe(false);
    expect(report.checks).toMatchObject({ chain: 'passed', head: 'passed' });
    expect(['snapshot_trail_mismatch', 'anchor_mismatch']).toContain(report.firstBroken.reason);
  });

  it('verifies 20,000 events without holding the event loop for long', async () => {
    const org = await bed.client.post('/organisations', { name: 'Long Trail Ltd' });
    const trail = bed.t.app.get(AuditTrailService);
    for (let chunk = 0; chunk < 10; chunk++) {
      const events = Array.from({ length: 2000 }, (_, i) => ({
        organisationId: org.body.id as string,
        actorUserId: null,
        entity: 'answer',
        entityId: `q-${chunk}-${i}`,
        action: 'updated',
        after: { value: 'yes', note: 'Reviewed every year by the policy owner.' },
      }));
      await transaction(bed.ds, () => trail.appendAll(events));
    }
    // How often other work gets a turn while the chain is checked: a spinner re-queued with setImmediate
    // runs once each time verify lets the event loop go. Verify yields after every slice of 200 events
    // (besides its page reads), so 20,000 events give it at least 100 turns; a verify that hashed whole
    // pages in one go would give it one per page read (about 20). Counting turns, not milliseconds, keeps
    // the check true on a loaded machine; the stall is printed for reading.
    let turns = 0;
    let running = true;
    const spin = () => {
      turns += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    let worstLag = 0;
    let last = performance.now();
    const sampler = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    const report = await trail.verify(org.body.id);
    running = false;
    clearInterval(sampler);
    console.log(
      `verified ${report.checked} events in ${(performance.now() - started).toFixed(0)} ms; ${turns} event-loop turns for other work; longest stall ${worstLag.toFixed(0)} ms`,
    );
    expect(report.valid).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(20_000);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(report.checked / 200));
  }, 120_000);
});
