import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventView } from '@aup/contracts';
import { auditEventHash, ChainVerifier, GENESIS_HASH, type BrokenLink, type ChainedEvent } from '@aup/domain';
import { prepared, runPrepared, type PreparedStatement } from '../common/prepared-statement';

/** Chain id of events that belong to no organisation (a user's own account, sign-up). */
export const NO_ORGANISATION_CHAIN = '00000000-0000-0000-0000-000000000000';

/** What a feature records about one change. Ids only: never e-mail addresses, names or free text about people. */
export interface AuditEventInput {
  organisationId: string | null;
  actorUserId: string | null;
  /** The kind of record, e.g. `audit`, `answer`, `membership`. */
  entity: string;
  entityId: string;
  /** What happened, e.g. `created`, `updated`, `submitted`. */
  action: string;
  before?: unknown;
  after?: unknown;
}

/** A stored event: what the api shows (`AuditEventView`) plus the chain it belongs to. */
export interface AuditEventRecord extends AuditEventView {
  organisationId: string | null;
}

export interface AuditTrailFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
}

export interface ChainVerification {
  valid: boolean;
  /** Events that verified before the first broken link (all of them when valid). */
  checked: number;
  /** The hash of the last verified event: quote it to prove later that nothing before it changed. */
  headHash: string;
  firstBroken: BrokenLink | null;
}

interface EventRow {
  id: string;
  organisation_id: string | null;
  seq: string;
  actor_user_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
  at: Date;
  prev_hash: string;
  hash: string;
}

const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;

/** Types of the audit_event columns as inserted, in order, so a many-row VALUES list needs no guessing. */
const EVENT_CASTS = ['::uuid', '::bigint', '::uuid', '::text', '::text', '::text', '::jsonb', '::jsonb', '::timestamptz', '::text', '::text'];

/** Events and the new head hash in one statement, prepared once per number of events. */
const insertEvents = (count: number): PreparedStatement => {
  const values = Array.from({ length: count }, (_, i) => `(${EVENT_CASTS.map((cast, j) => `$${3 + i * EVENT_CASTS.length + j}${cast}`).join(', ')})`);
  return prepared(
    `trail_insert_events_${count}`,
    `WITH ev AS (
       INSERT INTO audit_event (organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash, hash)
       VALUES ${values.join(', ')} RETURNING id, seq
     ), head AS (
       UPDATE audit_chain_head SET last_hash = $2 WHERE chain_id = $1
     )
     SELECT id, seq FROM ev ORDER BY seq`,
  );
};

/** A chain head locked by the caller's transaction: the last sequence number reserved and the hash before it. */
export interface ReservedChainHead {
  seq: number;
  lastHash: string;
}

/**
 * SQL that locks the head of a chain and reserves `count` sequence numbers, returning `seq` (the last one
 * reserved) and `last_hash`; `chain` and `count` are SQL expressions (usually parameters). A feature may
 * run it as a CTE of the statement that makes its change, to save a round trip, and then pass what it
 * returned to `appendReserved` in the same transaction. `from` (e.g. `FROM saved`) makes the reservation
 * wait for that CTE's rows, so rows are locked in the same order as everywhere else: the change, then the
 * chain head; without rows nothing is reserved.
 */
export const reserveChainHeadSql = (chain: string, count: string, from = ''): string =>
  `INSERT INTO audit_chain_head (chain_id, seq, last_hash) SELECT ${chain}::uuid, ${count}::bigint, '${GENESIS_HASH}' ${from}
   ON CONFLICT (chain_id) DO UPDATE SET seq = audit_chain_head.seq + EXCLUDED.seq
   RETURNING seq, last_hash`;

const RESERVE_HEAD = prepared('trail_reserve_head', reserveChainHeadSql('$1', '$2'));

/** Every event of one call goes to one chain, inside the transaction that makes the change. */
function assertAppendable(manager: EntityManager, inputs: readonly AuditEventInput[]): string {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditTrailService.append must run inside the transaction that makes the change');
  if (!inputs.length) throw new Error('no audit events to append');
  const chainId = inputs[0].organisationId ?? NO_ORGANISATION_CHAIN;
  if (inputs.some((i) => (i.organisationId ?? NO_ORGANISATION_CHAIN) !== chainId)) throw new Error('audit events of one append must share a chain');
  return chainId;
}
const VERIFY_PAGE = 2000;

const toRecord = (r: EventRow): AuditEventRecord => ({
  id: String(r.id),
  organisationId: r.organisation_id,
  seq: Number(r.seq),
  actorUserId: r.actor_user_id,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
  at: r.at.toISOString(),
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The append-only, hash-chained audit trail. Every feature records its changes with `append`, inside the
 * transaction that makes the change, so a change and its event commit or roll back together.
 */
@Injectable()
export class AuditTrailService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Appends one event to its organisation's chain using the caller's transaction. The chain head row is
   * locked until that transaction ends, so call this as the last step to keep the lock short.
   */
  async append(manager: EntityManager, input: AuditEventInput): Promise<AuditEventRecord> {
    const [record] = await this.appendAll(manager, [input]);
    return record;
  }

  /** Appends events of one chain, in order: two statements however many events. */
  async appendAll(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<AuditEventRecord[]> {
    const chainId = assertAppendable(manager, inputs);
    // Upserting the head takes its row lock: concurrent appends to one chain wait here, in order.
    const [head] = await runPrepared<{ seq: string; last_hash: string }>(manager, RESERVE_HEAD, [chainId, inputs.length]);
    return this.appendReserved(manager, { seq: Number(head.seq), lastHash: head.last_hash }, inputs);
  }

  /**
   * Writes events whose sequence numbers the caller reserved with `reserveChainHeadSql` in a statement of
   * the same transaction (`head.seq` is the last number reserved, `head.lastHash` the hash it returned):
   * the events and the new head hash in one statement.
   */
  async appendReserved(manager: EntityManager, head: ReservedChainHead, inputs: readonly AuditEventInput[]): Promise<AuditEventRecord[]> {
    const chainId = assertAppendable(manager, inputs);
    const at = new Date().toISOString();
    let prevHash = head.lastHash;
    const records = inputs.map((input, i): Omit<AuditEventRecord, 'id'> => {
      // Dates and class instances become what jsonb will give back, so the hash verifies after a round trip.
      const before = input.before === undefined ? null : JSON.parse(JSON.stringify(input.before));
      const after = input.after === undefined ? null : JSON.parse(JSON.stringify(input.after));
      if (EMAIL_LIKE.test(JSON.stringify([before, after]))) {
        throw new Error(`audit event ${input.entity}.${input.action} carries an e-mail address; record ids only`);
      }
      const fields = {
        organisationId: input.organisationId,
        seq: head.seq - inputs.length + 1 + i,
        actorUserId: input.actorUserId,
        entity: input.entity,
        entityId: input.entityId,
        action: input.action,
        before,
        after,
        at,
        prevHash,
      };
      prevHash = auditEventHash(fields);
      return { ...fields, hash: prevHash };
    });
    const params: unknown[] = [chainId, prevHash];
    for (const r of records) params.push(r.organisationId, r.seq, r.actorUserId, r.entity, r.entityId, r.action, JSON.stringify(r.before), JSON.stringify(r.after), r.at, r.prevHash, r.hash);
    const rows = await runPrepared<{ id: string; seq: string }>(manager, insertEvents(records.length), params);
    return records.map((r, i) => ({ id: String(rows[i].id), ...r }));
  }

  async list(organisationId: string, filter: AuditTrailFilter, limit: number, offset: number): Promise<{ items: AuditEventRecord[]; total: number }> {
    const where = ['organisation_id = $1'];
    const params: unknown[] = [organisationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.entity) add('entity = ?', filter.entity);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.actorUserId) add('actor_user_id = ?', filter.actorUserId);
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    const clause = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM audit_event WHERE ${clause}`, params);
    const rows: EventRow[] = await this.ds.query(
      `SELECT * FROM audit_event WHERE ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRecord), total };
  }

  /** Recomputes the organisation's whole chain, page by page, and names the first broken link. */
  async verify(organisationId: string | null): Promise<ChainVerification> {
    const chainId = organisationId ?? NO_ORGANISATION_CHAIN;
    const verifier = new ChainVerifier();
    // One snapshot for the pages and the head, so appends made meanwhile cannot look like tampering.
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      let afterSeq = 0;
      for (;;) {
        const rows: EventRow[] = await m.query(
          `SELECT * FROM audit_event WHERE COALESCE(organisation_id, '${NO_ORGANISATION_CHAIN}'::uuid) = $1 AND seq > $2 ORDER BY seq LIMIT ${VERIFY_PAGE}`,
          [chainId, afterSeq],
        );
        const ok = rows.every((row) => verifier.push(toRecord(row) satisfies ChainedEvent));
        if (!ok || rows.length < VERIFY_PAGE) break;
        afterSeq = Number(rows[rows.length - 1].seq);
      }
      const [head]: { seq: string; last_hash: string }[] = await m.query(`SELECT seq, last_hash FROM audit_chain_head WHERE chain_id = $1`, [chainId]);
      const broken = verifier.finish(head ? { seq: Number(head.seq), lastHash: head.last_hash } : undefined);
      return { valid: !broken, checked: verifier.checked, headHash: verifier.lastHash, firstBroken: broken ?? null };
    });
  }
}
