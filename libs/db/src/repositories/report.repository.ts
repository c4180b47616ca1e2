import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';

export type ReportRecordStatus = 'queued' | 'running' | 'done' | 'failed';

/** A report as services see it (never the file's bytes, which only `download` reads). */
export interface ReportRecord {
  id: string;
  organisationId: string;
  auditId: string;
  format: string;
  status: ReportRecordStatus;
  progress: number;
  attempts: number;
  error: string | null;
  draft: boolean;
  snapshotHash: string;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  sha256: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewReport {
  organisationId: string;
  auditId: string;
  format: string;
  snapshotId: string | null;
  draftSnapshot: unknown;
  snapshotHash: string;
  draft: boolean;
  context: unknown;
  idempotencyKey: string | null;
  requestedBy: string;
}

/** What the worker renders from: the snapshot document, the catalogue it was scored with, the request-time context. */
export interface ReportRenderSource {
  report: ReportRecord;
  snapshot: unknown;
  /** Content hash of the framework version the audit was scored with (catalogues are immutable per hash). */
  contentHash: string;
  /** The catalogue, unless the caller said it already holds the one with this hash. */
  catalogue: unknown;
  context: unknown;
}

export interface FinishedFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  sha256: string;
}

const COLUMNS = `id, organisation_id, audit_id, format, status, progress, attempts, error, draft, snapshot_hash, file_name, content_type, size, sha256,
  requested_by, requested_at, started_at, finished_at`;

interface Row {
  id: string;
  organisation_id: string;
  audit_id: string;
  format: string;
  status: ReportRecordStatus;
  progress: number;
  attempts: number;
  error: string | null;
  draft: boolean;
  snapshot_hash: string;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  requested_by: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** `UPDATE ... RETURNING` comes back as [rows, count] from the postgres driver and as rows from some adapters. */
const updatedRows = <T>(result: unknown): T[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);

const toRecord = (r: Row): ReportRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  auditId: r.audit_id,
  format: r.format,
  status: r.status,
  progress: Number(r.progress),
  attempts: Number(r.attempts),
  error: r.error,
  draft: r.draft,
  snapshotHash: r.snapshot_hash,
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size === null ? null : Number(r.size),
  sha256: r.sha256,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at),
  startedAt: r.started_at ? new Date(r.started_at) : null,
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

/** The only code that names the `report` table. Every read is scoped to an organisation and audit, so a foreign id finds nothing. */
@Injectable()
export class ReportRepository extends TxRepository {
  async create(r: NewReport): Promise<ReportRecord> {
    const [row]: Row[] = await this.db.query(
      `INSERT INTO report (organisation_id, audit_id, format, snapshot_id, draft_snapshot, snapshot_hash, draft, context, idempotency_key, requested_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9, $10) RETURNING ${COLUMNS}`,
      [
        r.organisationId,
        r.auditId,
        r.format,
        r.snapshotId,
        r.draftSnapshot === null ? null : JSON.stringify(r.draftSnapshot),
        r.snapshotHash,
        r.draft,
        JSON.stringify(r.context),
        r.idempotencyKey,
        r.requestedBy,
      ],
    );
    return toRecord(row);
  }

  /** The report an earlier request with this Idempotency-Key created (per organisation and requester). */
  async findByIdempotencyKey(
    organisationId: string,
    requestedBy: string,
    key: string,
  ): Promise<ReportRecord | undefined> {
    const [row]: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM report WHERE organisation_id = $1 AND requested_by = $2 AND idempotency_key = $3`,
      [organisationId, requestedBy, key],
    );
    return row ? toRecord(row) : undefined;
  }

  async find(
    organisationId: string,
    auditId: string,
    reportId: string,
    lock = false,
  ): Promise<ReportRecord | undefined> {
    const [row]: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM report WHERE id = $1 AND organisation_id = $2 AND audit_id = $3${lock ? ' FOR UPDATE' : ''}`,
      [reportId, organisationId, auditId],
    );
    return row ? toRecord(row) : undefined;
  }

  async listForAudit(
    organisationId: string,
    auditId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ReportRecord[]; total: number }> {
    const rows: (Row & { total: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM report WHERE organisation_id = $1 AND audit_id = $2 ORDER BY requested_at DESC, id LIMIT $3 OFFSET $4`,
      [organisationId, auditId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.db.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM report WHERE organisation_id = $1 AND audit_id = $2`,
              [organisationId, auditId],
            )
          )[0].n,
        );
    return { items: rows.map(toRecord), total };
  }

  /** A finished report with its bytes. */
  async download(
    organisationId: string,
    auditId: string,
    reportId: string,
  ): Promise<{ report: ReportRecord; bytes: Buffer } | undefined> {
    const [row]: (Row & { file: Buffer | null })[] = await this.db.query(
      `SELECT ${COLUMNS}, file FROM report WHERE id = $1 AND organisation_id = $2 AND audit_id = $3`,
      [reportId, organisationId, auditId],
    );
    if (!row) return undefined;
    return { report: toRecord(row), bytes: row.file ?? Buffer.alloc(0) };
  }

  /** The worker's input for one report (undefined when the report no longer exists). */
  /**
   * What the worker renders from. `cachedCatalogue` (a content hash the caller already holds the catalogue
   * of) skips reading and parsing the catalogue again: it is a few hundred kilobytes of JSON, and a
   * framework version never changes under its hash.
   */
  async renderSource(reportId: string, cachedCatalogue?: string): Promise<ReportRenderSource | undefined> {
    const [row]: (Row & { snapshot: unknown; catalogue: unknown; context: unknown; content_hash: string })[] =
      await this.db.query(
        `SELECT ${COLUMNS.replace(/(\w+)/g, 'r.$1')}, COALESCE(s.result, r.draft_snapshot) AS snapshot, a.content_hash,
                CASE WHEN a.content_hash = $2 THEN NULL ELSE f.catalogue END AS catalogue, r.context
           FROM report r
           LEFT JOIN result_snapshot s ON s.id = r.snapshot_id
           JOIN audit a ON a.id = r.audit_id
           JOIN framework_version f ON f.content_hash = a.content_hash
          WHERE r.id = $1`,
        [reportId, cachedCatalogue ?? null],
      );
    return row
      ? {
          report: toRecord(row),
          snapshot: row.snapshot,
          contentHash: row.content_hash,
          catalogue: row.catalogue,
          context: row.context,
        }
      : undefined;
  }

  /** queued/running -> running for one more attempt; undefined when the report is already done or failed (nothing to do). */
  async markRunning(reportId: string): Promise<ReportRecord | undefined> {
    const rows = updatedRows<Row>(
      await this.db.query(
        `UPDATE report SET status = 'running', attempts = attempts + 1, progress = 0, error = NULL, started_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
        [reportId],
      ),
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async setProgress(reportId: string, progress: number): Promise<void> {
    await this.db.query(
      `UPDATE report SET progress = $2 WHERE id = $1 AND status = 'running' AND progress < $2`,
      [reportId, Math.max(0, Math.min(99, Math.round(progress)))],
    );
  }

  /** Stores the file and marks the report done, in the caller's (done-once) transaction. */
  async finish(reportId: string, file: FinishedFile): Promise<void> {
    await this.db.query(
      `UPDATE report SET status = 'done', progress = 100, error = NULL, file = $2, file_name = $3, content_type = $4, size = $5, sha256 = $6, finished_at = now()
        WHERE id = $1 AND status = 'running'`,
      [reportId, file.bytes, file.fileName, file.contentType, file.bytes.length, file.sha256],
    );
  }

  async fail(reportId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE report SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [reportId, error.slice(0, 1000)],
    );
  }

  /** failed -> queued (the caller enqueues the job in the same transaction). */
  async requeue(reportId: string): Promise<ReportRecord> {
    const rows = updatedRows<Row>(
      await this.db.query(
        `UPDATE report SET status = 'queued', progress = 0, error = NULL, started_at = NULL, finished_at = NULL WHERE id = $1 AND status = 'failed' RETURNING ${COLUMNS}`,
        [reportId],
      ),
    );
    return toRecord(rows[0]);
  }

  /** Deletes reports finished more than `days` days ago; returns how many. */
  async prune(days: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM report WHERE finished_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [days],
    );
    return n;
  }
}
