import type { DataSource } from 'typeorm';
import { AuditTrailRepository, pgError } from '@aup/db';
import { createHash } from 'node:crypto';
import { auditEventHash, GENESIS_HASH } from '@aup/domain';
import { AuditTrailService } from '../../apps/api/src/audit-trail/audit-trail.service';
import {
  openTestDatabase,
  repositoryOn,
  transaction,
  transactionsOn,
  truncateAll,
} from '../support/database';

const ALL_PASSED = { chain: 'passed', head: 'passed', snapshots: 'passed', anchors: 'passed' };

describe('audit trail: hash chain', () => {
  let ds: DataSource;
  let trail: AuditTrailService;
  let orgId: string;

  beforeAll(async () => {
    ds = await openTestDatabase();
    trail = new AuditTrailService(transactionsOn(ds), repositoryOn(ds, AuditTrailRepository));
  });
  afterAll(() => ds.destroy());
  beforeEach(async () => {
    await truncateAll(ds);
    orgId = await newOrganisation('Acme');
  });

  const newOrganisation = async (name: string): Promise<string> =>
    (
      (await ds.query(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [name])) as { id: string }[]
    )[0].id;

  const append = (n: number, org: string | null = orgId) =>
    transaction(ds, () =>
      trail.append({
        organisationId: org,
        actorUserId: null,
        entity: 'answer',
        entityId: `q-${n}`,
        action: 'updated',
        before: { v: n - 1 },
        after: { v: n, at: new Date(0) },
      }),
    );

  /** Changes a stored event the way someone with database access might, bypassing the immutability trigger. */
  const tamper = (sql: string, params: unknown[]) =>
    transaction(ds, async (m) => {
      await m.query(`ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_immutable`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE audit_event ENABLE TRIGGER trg_audit_event_immutable`);
    });

  /** The canonical text the database makes of a stored event (what a format-2 hash covers). */
  const canonicalText = async (id: string): Promise<string> => {
    const [row]: { doc: string }[] = await ds.query(
      `SELECT aup_audit_event_doc(organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash) AS doc FROM audit_event WHERE id = $1`,
      [id],
    );
    return row.doc;
  };
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('links each event to the one before and verifies', async () => {
    const first = await append(1);
    const second = await append(2);
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    // Format 2: the hash covers the canonical text of the stored fields, the previous hash and the format included.
    const text = await canonicalText(second.id);
    expect(JSON.parse(text)).toEqual({
      format: 2,
      organisationId: orgId,
      seq: 2,
      actorUserId: null,
      entity: 'answer',
      entityId: 'q-2',
      action: 'updated',
      before: { v: 1 },
      after: { v: 2, at: '1970-01-01T00:00:00.000Z' },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      prevHash: first.hash,
    });
    expect(second.hash).toBe(sha256(text));
    expect(await trail.verify(orgId)).toEqual({
      valid: true,
      checked: 2,
      headHash: second.hash,
      firstBroken: null,
      checks: ALL_PASSED,
      snapshotsChecked: 0,
    });
  });

  it('verifies a chain begun under format 1 (hashed by the api) and continued under format 2', async () => {
    // Two events as the api wrote them before the database hashed them.
    let prevHash = GENESIS_HASH;
    for (const seq of [1, 2]) {
      const fields = {
        organisationId: orgId,
        seq,
        actorUserId: null,
        entity: 'answer',
        entityId: `old-${seq}`,
        action: 'created',
        before: null,
        after: { v: seq },
        at: new Date(Date.UTC(2026, 0, seq)).toISOString(),
        prevHash,
      };
      const hash = auditEventHash(fields);
      await ds.query(
        `INSERT INTO audit_event (organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash, hash, format) VALUES ($1, $2, NULL, $3, $4, $5, 'null', $6, $7, $8, $9, 1)`,
        [
          orgId,
          seq,
          fields.entity,
          fields.entityId,
          fields.action,
          JSON.stringify(fields.after),
          fields.at,
          prevHash,
          hash,
        ],
      );
      prevHash = hash;
    }
    await ds.query(`INSERT INTO audit_chain_head (chain_id, seq, last_hash) VALUES ($1, 2, $2)`, [
      orgId,
      prevHash,
    ]);
    const third = await append(3);
    expect(third).toMatchObject({ seq: 3, prevHash });
    expect(await trail.verify(orgId)).toEqual({
      valid: true,
      checked: 3,
      headHash: third.hash,
      firstBroken: null,
      checks: ALL_PASSED,
      snapshotsChecked: 0,
    });
    const [old]: { id: string }[] = await ds.query(
      `SELECT id FROM audit_event WHERE organisation_id = $1 AND seq = 1`,
      [orgId],
    );
    await tamper(`UPDATE audit_event SET after = '{"v": 99}'::jsonb WHERE id = $1`, [old.id]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({
      id: String(old.id),
      seq: 1,
      reason: 'hash_mismatch',
    });
  });

  it('never forks a chain under 50 concurrent appends, and keeps organisations apart', async () => {
    const other = await newOrganisation('Other');
    await Promise.all(Array.from({ length: 50 }, (_, i) => append(i + 1, i % 5 === 0 ? other : orgId)));
    const rows: { seq: string }[] = await ds.query(
      `SELECT seq FROM audit_event WHERE organisation_id = $1 ORDER BY seq`,
      [orgId],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await trail.verify(orgId)).checked).toBe(40);
    expect(await trail.verify(other)).toMatchObject({ valid: true, checked: 10 });
  });

  it('keeps events of no organisation in their own chain', async () => {
    await append(1, null);
    await append(2, null);
    await append(3);
    expect(await trail.verify(null)).toMatchObject({ valid: true, checked: 2 });
  });

  it('writes nothing when the transaction rolls back', async () => {
    await append(1);
    await expect(
      transaction(ds, async () => {
        await trail.append({
          organisationId: orgId,
          actorUserId: null,
          entity: 'audit',
          entityId: 'x',
          action: 'created',
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const next = await append(2);
    expect(next.seq).toBe(2);
    expect(await trail.verify(orgId)).toMatchObject({ valid: true, checked: 2 });
  });

  it('names a format-2 event passed off as format 1, and one whose time was changed', async () => {
    await append(1);
    const victim = await append(2);
    await tamper(`UPDATE audit_event SET format = 1 WHERE id = $1`, [victim.id]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({ id: victim.id, reason: 'hash_mismatch' });
    await tamper(`UPDATE audit_event SET format = 2, at = at + interval '1 microsecond' WHERE id = $1`, [
      victim.id,
    ]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({ id: victim.id, reason: 'hash_mismatch' });
  });

  it('refuses updates in the database', async () => {
    await append(1);
    const err = await ds.query(`UPDATE audit_event SET action = 'deleted'`).catch((e: unknown) => e);
    expect(pgError(err)?.code).toBe('55000');
  });

  it('names the event whose content was changed', async () => {
    await append(1);
    const victim = await append(2);
    await append(3);
    await tamper(`UPDATE audit_event SET after = '{"v": 99}'::jsonb WHERE id = $1`, [victim.id]);
    const result = await trail.verify(orgId);
    expect(result).toMatchObject({
      valid: false,
      checked: 1,
      firstBroken: { id: victim.id, seq: 2, reason: 'hash_mismatch' },
    });
  });

  it('names the next event when a changed event was re-hashed to hide it', async () => {
    await append(1);
    const victim = await append(2);
    const next = await append(3);
    await tamper(`UPDATE audit_event SET after = '{"v": 99}'::jsonb WHERE id = $1`, [victim.id]);
    await tamper(`UPDATE audit_event SET hash = $2 WHERE id = $1`, [
      victim.id,
      sha256(await canonicalText(victim.id)),
    ]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({
      id: next.id,
      reason: 'prev_hash_mismatch',
    });
  });

  it('notices events removed from the middle and from the end', async () => {
    await append(1);
    const middle = await append(2);
    const third = await append(3);
    const last = await append(4);
    await tamper(`DELETE FROM audit_event WHERE id = $1`, [last.id]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({ id: null, reason: 'head_mismatch' });
    await tamper(`DELETE FROM audit_event WHERE id = $1`, [middle.id]);
    expect((await trail.verify(orgId)).firstBroken).toMatchObject({
      id: third.id,
      seq: 3,
      reason: 'sequence_gap',
    });
  });

  it('refuses events outside a transaction and events carrying an e-mail address', async () => {
    await expect(
      trail.append({
        organisationId: orgId,
        actorUserId: null,
        entity: 'audit',
        entityId: 'x',
        action: 'created',
      }),
    ).rejects.toThrow(/inside the transaction/);
    await expect(
      transaction(ds, () =>
        trail.append({
          organisationId: orgId,
          actorUserId: null,
          entity: 'member',
          entityId: 'x',
          action: 'invited',
          after: { email: 'a@example.org' },
        }),
      ),
    ).rejects.toThrow(/ids only/);
  });

  it('lists events newest first with filters and totals', async () => {
    for (let i = 1; i <= 5; i++) await append(i);
    await transaction(ds, () =>
      trail.append({
        organisationId: orgId,
        actorUserId: null,
        entity: 'audit',
        entityId: 'a1',
        action: 'submitted',
      }),
    );
    const page = await trail.list(orgId, { entity: 'answer' }, 2, 1);
    expect(page.total).toBe(5);
    expect(page.items.map((e) => e.entityId)).toEqual(['q-4', 'q-3']);
    expect((await trail.list(orgId, { action: 'submitted' }, 10, 0)).items).toHaveLength(1);
    expect((await trail.list(orgId, { from: new Date(Date.now() + 60_000) }, 10, 0)).total).toBe(0);
  });
});
