import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import { prepared, runPrepared } from '../prepared-statement';

/** Chain id of events that belong to no organisation (a user's own account, sign-up). */
export const NO_ORGANISATION_CHAIN = '00000000-0000-0000-0000-000000000000';

/** One event as it is stored. */
export interface AuditEventRow {
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

/** A stored event and, for chain format 2, the text its hash covers (recomputed from its columns). */
export type VerifiableEventRow = AuditEventRow & { canonical_text: string | null };

/** An event to append, as the chain function reads it (ids only, before/after already plain JSON). */
export interface NewAuditEvent {
  organisationId: string | null;
  actorUserId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AppendedEvent {
  id: string;
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export interface AuditEventFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
}

export interface ChainHead {
  seq: number;
  lastHash: string;
}

export interface SealedSnapshotRow<D> {
  id: string;
  result: D;
  snapshot_hash: string;
}

/**
 * Events of one chain appended in one statement: the database function locks the chain head, hashes
 * each event over its canonical text (chain format 2) and inserts it, and moves the head.
 */
const APPEND_EVENTS = prepared(
  'trail_append_events',
  `SELECT event_id, event_seq, event_at, event_prev_hash, event_hash FROM aup_append_events($1::uuid, $2::jsonb)`,
);

const VERIFY_COLUMNS = `*, CASE WHEN format = 2 THEN aup_audit_event_doc(organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash) END AS canonical_text`;

/** The only code that names `audit_event` and `audit_chain_head` (the chain functions write both). */
@Injectable()
export class AuditTrailRepository extends TxRepository {
  /** Appends events of one chain, in order; the chain head stays locked until the transaction ends. */
  async append(chainId: string, events: readonly NewAuditEvent[]): Promise<AppendedEvent[]> {
    const rows = await runPrepared<{
      event_id: string;
      event_seq: string;
      event_at: Date;
      event_prev_hash: string;
      event_hash: string;
    }>(this.db, APPEND_EVENTS, [chainId, JSON.stringify(events)]);
    return rows.map((r) => ({
      id: String(r.event_id),
      seq: Number(r.event_seq),
      at: r.event_at,
      prevHash: r.event_prev_hash,
      hash: r.event_hash,
    }));
  }

  /** One page of an organisation's events, newest first, and how many match the filter. */
  async list(
    organisationId: string,
    filter: AuditEventFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: AuditEventRow[]; total: number }> {
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
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS total FROM audit_event WHERE ${clause}`,
      params,
    );
    const rows: AuditEventRow[] = await this.db.query(
      `SELECT * FROM audit_event WHERE ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  /** Where a chain stands (its head record), or null before its first event. */
  async head(chainId: string): Promise<ChainHead | null> {
    const [head]: { seq: string; last_hash: string }[] = await this.db.query(
      `SELECT seq, last_hash FROM audit_chain_head WHERE chain_id = $1`,
      [chainId],
    );
    return head ? { seq: Number(head.seq), lastHash: head.last_hash } : null;
  }

  /** Up to `limit` events of a chain after position `afterSeq`, in order, with their canonical text. */
  async chainPage(chainId: string, afterSeq: number, limit: number): Promise<VerifiableEventRow[]> {
    return this.db.query(
      `SELECT ${VERIFY_COLUMNS} FROM audit_event WHERE COALESCE(organisation_id, '${NO_ORGANISATION_CHAIN}'::uuid) = $1 AND seq > $2 ORDER BY seq LIMIT ${Number(limit)}`,
      [chainId, afterSeq],
    );
  }

  /** The snapshot hash each `audit.submitted` event recorded, by snapshot id. */
  async recordedSnapshotHashes(organisationId: string): Promise<Map<string, string>> {
    const rows: { snapshot_id: string; snapshot_hash: string }[] = await this.db.query(
      `SELECT after->>'snapshotId' AS snapshot_id, after->>'snapshotHash' AS snapshot_hash FROM audit_event
        WHERE organisation_id = $1 AND entity = 'audit' AND action = 'submitted' AND after ? 'snapshotId'`,
      [organisationId],
    );
    return new Map(rows.map((r) => [r.snapshot_id, r.snapshot_hash]));
  }

  /** The hashes of the events at these positions of an organisation's chain. */
  async hashesAt(organisationId: string, seqs: readonly number[]): Promise<Map<number, string>> {
    if (!seqs.length) return new Map();
    const rows: { seq: string; hash: string }[] = await this.db.query(
      `SELECT seq, hash FROM audit_event WHERE organisation_id = $1 AND seq = ANY($2::bigint[])`,
      [organisationId, seqs],
    );
    return new Map(rows.map((h) => [Number(h.seq), h.hash]));
  }

  /** Up to `limit` sealed result snapshots of an organisation with an id after `afterId`, by id. */
  async sealedSnapshots<D>(
    organisationId: string,
    afterId: string,
    limit: number,
  ): Promise<SealedSnapshotRow<D>[]> {
    return this.db.query(
      `SELECT id, result, snapshot_hash FROM result_snapshot WHERE organisation_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [organisationId, afterId, limit],
    );
  }

  async countSnapshots(organisationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM result_snapshot WHERE organisation_id = $1`,
      [organisationId],
    );
    return n;
  }
}
