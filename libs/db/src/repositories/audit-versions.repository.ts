import type { EntityManager } from 'typeorm';
import type { CompletenessAnswer } from '@aup/domain';
import { ResultSnapshotEntity } from '../entities/result-snapshot.entity';

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

/** Submissions of an audit (result_snapshot rows) and the answer states the submit rule reads. */
export const AuditVersionsRepository = {
  /** Every answer's workflow status and whether it holds a value, by question id. */
  async answerStates(m: EntityManager, auditId: string): Promise<Map<string, CompletenessAnswer>> {
    const rows: { question_id: string; status: CompletenessAnswer['status']; has_value: boolean }[] =
      await m.query(
        `SELECT question_id, status, (value IS NOT NULL AND value <> 'null'::jsonb AND status <> 'unanswered') AS has_value
         FROM answer WHERE audit_id = $1`,
        [auditId],
      );
    return new Map(rows.map((r) => [r.question_id, { status: r.status, hasValue: r.has_value }]));
  },

  /** The audit's submissions, oldest first. */
  async list(m: EntityManager, auditId: string): Promise<SnapshotSummaryRow[]> {
    return m.query(
      `SELECT id, version, created_at, created_by, snapshot_hash, result -> 'attestation' AS attestation,
              (result #>> '{result,overall}')::numeric::float8 AS overall, result #>> '{result,rating}' AS rating
         FROM result_snapshot WHERE audit_id = $1 ORDER BY version`,
      [auditId],
    );
  },

  /** One submission by its number; null when the audit has no such version. */
  async find(m: EntityManager, auditId: string, version: number): Promise<ResultSnapshotEntity | null> {
    return m.findOneBy(ResultSnapshotEntity, { auditId, version });
  },
};
