import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventView } from '@aup/contracts';
import {
  ChainVerifier,
  checkSnapshot,
  GENESIS_HASH,
  type BrokenLink,
  type ChainedEvent,
  type IntegrityCheck,
  type IntegrityFailure,
  type SealedSnapshot,
  type SnapshotProblem,
  type TrailAnchor,
} from '@aup/domain';
import { prepared, runPrepared } from '../common/prepared-statement';

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

export type CheckOutcome = 'passed' | 'failed' | 'not_run';

export interface ChainVerification {
  valid: boolean;
  /** Events that verified before the first broken link (all of them when valid). */
  checked: number;
  /** The hash of the last verified event: quote it to prove later that nothing before it changed. */
  headHash: string;
  /** Which check failed: the links of the chain, its head record, the sealed result snapshots, their anchors. */
  checks: Record<IntegrityCheck, CheckOutcome>;
  /** Result snapshots whose hash, trail record and anchor were checked. */
  snapshotsChecked: number;
  firstBroken:
    | (Omit<BrokenLink, 'reason'> & { reason: BrokenLink['reason'] | IntegrityFailure; snapshotId?: string })
    | null;
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
  format: number;
}

const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;

/**
 * Events of one chain appended in one statement: the database function locks the chain head, hashes
 * each event over its canonical text (chain format 2) and inserts it, and moves the head.
 */
const APPEND_EVENTS = prepared(
  'trail_append_events',
  `SELECT event_id, event_seq, event_at, event_prev_hash, event_hash FROM aup_append_events($1::uuid, $2::jsonb)`,
);

interface AppendedRow {
  event_id: string;
  event_seq: string;
  event_at: Date;
  event_prev_hash: string;
  event_hash: string;
}

/** The stored columns of an event and, for format 2, the text its hash covers (recomputed from them). */
const VERIFY_COLUMNS = `*, CASE WHEN format = 2 THEN aup_audit_event_doc(organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash) END AS canonical_text`;

/** Every event of one call goes to one chain, inside the transaction that makes the change. */
function assertAppendable(manager: EntityManager, inputs: readonly AuditEventInput[]): string {
  if (!manager.queryRunner?.isTransactionActive)
    throw new Error('AuditTrailService.append must run inside the transaction that makes the change');
  if (!inputs.length) throw new Error('no audit events to append');
  const chainId = inputs[0].organisationId ?? NO_ORGANISATION_CHAIN;
  if (inputs.some((i) => (i.organisationId ?? NO_ORGANISATION_CHAIN) !== chainId))
    throw new Error('audit events of one append must share a chain');
  return chainId;
}
const VERIFY_PAGE = 1000;
/** Events verified between two turns of the event loop, so verifying a long chain never holds it for long. */
const VERIFY_SLICE = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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

  /**
   * Appends events of one chain, in order, in one statement however many events. The chain head stays
   * locked until the transaction ends: concurrent appends to one chain wait for it, in order.
   */
  async appendAll(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<AuditEventRecord[]> {
    const chainId = assertAppendable(manager, inputs);
    const events = inputs.map((input) => {
      // Dates and class instances become what jsonb will give back.
      const before: unknown = input.before === undefined ? null : JSON.parse(JSON.stringify(input.before));
      const after: unknown = input.after === undefined ? null : JSON.parse(JSON.stringify(input.after));
      if (EMAIL_LIKE.test(JSON.stringify([before, after]))) {
        throw new Error(
          `audit event ${input.entity}.${input.action} carries an e-mail address; record ids only`,
        );
      }
      return {
        organisationId: input.organisationId,
        actorUserId: input.actorUserId,
        entity: input.entity,
        entityId: input.entityId,
        action: input.action,
        before,
        after,
      };
    });
    const rows = await runPrepared<AppendedRow>(manager, APPEND_EVENTS, [chainId, JSON.stringify(events)]);
    return rows.map((r, i) => ({
      id: String(r.event_id),
      ...events[i],
      seq: Number(r.event_seq),
      at: r.event_at.toISOString(),
      prevHash: r.event_prev_hash,
      hash: r.event_hash,
    }));
  }

  async list(
    organisationId: string,
    filter: AuditTrailFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: AuditEventRecord[]; total: number }> {
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
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM audit_event WHERE ${clause}`,
      params,
    );
    const rows: EventRow[] = await this.ds.query(
      `SELECT * FROM audit_event WHERE ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRecord), total };
  }

  /** Where the chain stands now (position and hash of its last event), to seal into a result snapshot. */
  async anchorOf(manager: EntityManager, organisationId: string | null): Promise<TrailAnchor> {
    const [head]: { seq: string; last_hash: string }[] = await manager.query(
      `SELECT seq, last_hash FROM audit_chain_head WHERE chain_id = $1`,
      [organisationId ?? NO_ORGANISATION_CHAIN],
    );
    return head ? { seq: Number(head.seq), hash: head.last_hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Recomputes the organisation's whole chain, page by page, checks its head record, then every sealed
   * result snapshot of the organisation (its hash, the hash the trail recorded for it, and the chain
   * position it was anchored to), and names the first failure and the check that found it. The work is
   * done in short slices between which the event loop serves other requests.
   */
  async verify(organisationId: string | null): Promise<ChainVerification> {
    const chainId = organisationId ?? NO_ORGANISATION_CHAIN;
    const verifier = new ChainVerifier();
    const checks: Record<IntegrityCheck, CheckOutcome> = {
      chain: 'not_run',
      head: 'not_run',
      snapshots: 'not_run',
      anchors: 'not_run',
    };
    // One snapshot for the pages and the head, so appends made meanwhile cannot look like tampering.
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      let afterSeq = 0;
      for (;;) {
        const rows: (EventRow & { canonical_text: string | null })[] = await m.query(
          `SELECT ${VERIFY_COLUMNS} FROM audit_event WHERE COALESCE(organisation_id, '${NO_ORGANISATION_CHAIN}'::uuid) = $1 AND seq > $2 ORDER BY seq LIMIT ${VERIFY_PAGE}`,
          [chainId, afterSeq],
        );
        let ok = true;
        for (let i = 0; i < rows.length && ok; i++) {
          const row = rows[i];
          ok = verifier.push({
            ...toRecord(row),
            format: row.format,
            canonicalText: row.canonical_text ?? undefined,
          } satisfies ChainedEvent);
          if (i % VERIFY_SLICE === VERIFY_SLICE - 1) await yieldToEventLoop();
        }
        if (!ok || rows.length < VERIFY_PAGE) break;
        afterSeq = Number(rows[rows.length - 1].seq);
      }
      const [head]: { seq: string; last_hash: string }[] = await m.query(
        `SELECT seq, last_hash FROM audit_chain_head WHERE chain_id = $1`,
        [chainId],
      );
      const broken = verifier.finish(head ? { seq: Number(head.seq), lastHash: head.last_hash } : undefined);
      const result = (
        firstBroken: ChainVerification['firstBroken'],
        snapshotsChecked = 0,
      ): ChainVerification => ({
        valid: !firstBroken,
        checked: verifier.checked,
        headHash: verifier.lastHash,
        checks,
        snapshotsChecked,
        firstBroken,
      });
      if (broken) {
        checks[broken.reason === 'head_mismatch' ? 'head' : 'chain'] = 'failed';
        if (broken.reason === 'head_mismatch') checks.chain = 'passed';
        return result(broken);
      }
      checks.chain = 'passed';
      checks.head = 'passed';
      if (organisationId === null) return result(null);
      const problem = await this.verifySnapshots(m, organisationId, verifier.checked);
      checks.snapshots = problem?.check === 'snapshots' ? 'failed' : 'passed';
      checks.anchors = problem ? (problem.check === 'anchors' ? 'failed' : 'not_run') : 'passed';
      return result(
        problem
          ? {
              id: null,
              seq: problem.seq,
              reason: problem.reason,
              message: problem.message,
              snapshotId: problem.snapshotId,
            }
          : null,
        problem ? 0 : await this.countSnapshots(m, organisationId),
      );
    });
  }

  /** The organisation's sealed result snapshots against the verified chain; the first problem found. */
  private async verifySnapshots(
    m: EntityManager,
    organisationId: string,
    chainLength: number,
  ): Promise<SnapshotProblem | undefined> {
    const recorded: { snapshot_id: string; snapshot_hash: string }[] = await m.query(
      `SELECT after->>'snapshotId' AS snapshot_id, after->>'snapshotHash' AS snapshot_hash FROM audit_event
        WHERE organisation_id = $1 AND entity = 'audit' AND action = 'submitted' AND after ? 'snapshotId'`,
      [organisationId],
    );
    const recordedHash = new Map(recorded.map((r) => [r.snapshot_id, r.snapshot_hash]));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const snapshots: { id: string; result: SealedSnapshot['document']; snapshot_hash: string }[] =
        await m.query(
          `SELECT id, result, snapshot_hash FROM result_snapshot WHERE organisation_id = $1 AND id > $2 ORDER BY id LIMIT 100`,
          [organisationId, after],
        );
      const anchorSeqs = snapshots
        .map((s) => s.result?.trailAnchor?.seq)
        .filter((seq): seq is number => typeof seq === 'number' && seq > 0 && seq <= chainLength);
      const hashes: { seq: string; hash: string }[] = anchorSeqs.length
        ? await m.query(
            `SELECT seq, hash FROM audit_event WHERE organisation_id = $1 AND seq = ANY($2::bigint[])`,
            [organisationId, anchorSeqs],
          )
        : [];
      const hashAt = new Map(hashes.map((h) => [Number(h.seq), h.hash]));
      for (const s of snapshots) {
        const problem = checkSnapshot(
          { id: s.id, storedHash: s.snapshot_hash, document: s.result },
          recordedHash.get(s.id),
          (seq) => hashAt.get(seq),
        );
        if (problem) return problem;
        await yieldToEventLoop();
      }
      if (snapshots.length < 100) return undefined;
      after = snapshots[snapshots.length - 1].id;
    }
  }

  private async countSnapshots(m: EntityManager, organisationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM result_snapshot WHERE organisation_id = $1`,
      [organisationId],
    );
    return n;
  }
}
