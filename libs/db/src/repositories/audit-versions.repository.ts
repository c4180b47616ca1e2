import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { CompletenessAnswer } from '@aup/domain';

/** A submission as the versions list shows it: read from the stored snapshot document, never recomputed. */
export interface SnapshotSummaryRow {
  id: string;
  version: number;
  created_at: Date;
  created_by: string | null;
  snapshot_hash: string;
  attestation: ResultSnapshotAttestation;
  overall: number | null;
  rating: string;
}

interface ResultSnapshotAttestation {
  statement: string;
  role: string;
  userId: string;
  at: string;
  incomplete?: { open: number; total: number };
}

/** A stored submission: its evaluated results document and the hash reports quote. */
export interface ResultSnapshotRecord {
  id: string;
  auditId: string;
  organisationId: string;
  contentHash: string;
  formulaVersion: string;
  result: unknown;
  /** 1, 2, ... per audit, one per submission; assigned by the database on insert. */
  version: number;
  /** sha256 (hex) of the canonical JSON of `result`. */
  snapshotHash: string;
  createdBy: string | null;
  createdAt: Date;
}

export type NewResultSnapshot = Omit<ResultSnapshotRecord, 'id' | 'version' | 'createdAt'>;

interface SnapshotRow {
  id: string;
  audit_id: string;
  organisation_id: string;
  content_hash: string;
  formula_version: string;
  result: unknown;
  version: number;
  snapshot_hash: string;
  created_by: string | null;
  created_at: Date;
}

const SNAPSHOT_COLUMNS =
  'id, audit_id, organisation_id, content_hash, formula_version, result, version, snapshot_hash, created_by, created_at';

const toSnapshot = (r: SnapshotRow): ResultSnapshotRecord => ({
  id: r.id,
  auditId: r.audit_id,
  organisationId: r.organisation_id,
  contentHash: r.content_hash,
  formulaVersion: r.formula_version,
  result: r.result,
  version: r.version,
  snapshotHash: r.snapshot_hash,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
});

/** Submissions of an audit (result_snapshot rows) and the answer states the submit rule reads. */
@Injectable()
export class AuditVersionsRepository extends TxRepository {
  /** Every answer's workflow status and whether it holds a value, by question id. */
  async answerStates(auditId: string): Promise<Map<string, CompletenessAnswer>> {
    const rows: { question_id: string; status: CompletenessAnswer['status']; has_value: boolean }[] =
      await this.db.query(
        `SELECT question_id, status, (value IS NOT NULL AND value <> 'null'::jsonb AND status <> 'unanswered') AS has_value
         FROM answer WHERE audit_id = $1`,
        [auditId],
      );
    return new Map(rows.map((r) => [r.question_id, { status: r.status, hasValue: r.has_value }]));
  }

  /** The audit's submissions, oldest first. */
  async list(auditId: string): Promise<SnapshotSummaryRow[]> {
    return this.db.query(
      `SELECT id, version, created_at, created_by, snapshot_hash, result -> 'attestation' AS attestation,
              (result #>> '{result,overall}')::numeric::float8 AS overall, result #>> '{result,rating}' AS rating
         FROM result_snapshot WHERE audit_id = $1 ORDER BY version`,
      [auditId],
    );
  }

  /** One submission by its number; null when the audit has no such version. */
  async find(auditId: string, version: number): Promise<ResultSnapshotRecord | null> {
    const rows: SnapshotRow[] = await this.db.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM result_snapshot WHERE audit_id = $1 AND version = $2`,
      [auditId, version],
    );
    return rows.length ? toSnapshot(rows[0]) : null;
  }

  /** One submission by its id. */
  async findById(id: string): Promise<ResultSnapshotRecord | null> {
    const rows: SnapshotRow[] = await this.db.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM result_snapshot WHERE id = $1`,
      [id],
    );
    return rows.length ? toSnapshot(rows[0]) : null;
  }

  /** Stores a submission (the database numbers it and refuses any later change). */
  async create(s: NewResultSnapshot): Promise<ResultSnapshotRecord> {
    const [row]: SnapshotRow[] = await this.db.query(
      `INSERT INTO result_snapshot (audit_id, organisation_id, content_hash, formula_version, result, snapshot_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SNAPSHOT_COLUMNS}`,
      [
        s.auditId,
        s.organisationId,
        s.contentHash,
        s.formulaVersion,
        JSON.stringify(s.result),
        s.snapshotHash,
        s.createdBy,
      ],
    );
    return toSnapshot(row);
  }
}
