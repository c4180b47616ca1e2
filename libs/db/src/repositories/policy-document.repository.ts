import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';

export type PolicyDocumentStatus = 'queued' | 'running' | 'done' | 'failed';

/** A requested policy document as services see it (never the file's bytes, which only `download` reads). */
export interface PolicyDocumentRecord {
  id: string;
  organisationId: string;
  document: 'policy' | 'action-plan';
  format: 'docx' | 'pdf';
  status: PolicyDocumentStatus;
  attempts: number;
  error: string | null;
  fileName: string;
  contentType: string;
  size: number | null;
  sha256: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  finishedAt: Date | null;
}

interface Row {
  id: string;
  organisation_id: string;
  document: 'policy' | 'action-plan';
  format: 'docx' | 'pdf';
  status: PolicyDocumentStatus;
  attempts: number;
  error: string | null;
  file_name: string;
  content_type: string;
  size: number | null;
  sha256: string | null;
  requested_by: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `id, organisation_id, document, format, status, attempts, error, file_name, content_type, size, sha256, requested_by, requested_at, finished_at`;

/** `UPDATE ... RETURNING` comes back as [rows, count] from the postgres driver and as rows from some adapters. */
const updatedRows = <T>(result: unknown): T[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);

const toRecord = (r: Row): PolicyDocumentRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  document: r.document,
  format: r.format,
  status: r.status,
  attempts: Number(r.attempts),
  error: r.error,
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size === null ? null : Number(r.size),
  sha256: r.sha256,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

/**
 * The only code that names the `policy_document` table: each requested document with the model it is
 * rendered from (taken at request time, so the file shows the model as it was) and, once done, the file.
 */
@Injectable()
export class PolicyDocumentRepository extends TxRepository {
  async create(d: {
    organisationId: string;
    document: string;
    format: string;
    model: unknown;
    fileName: string;
    contentType: string;
    requestedBy: string;
  }): Promise<PolicyDocumentRecord> {
    const [row]: Row[] = await this.db.query(
      `INSERT INTO policy_document (organisation_id, document, format, model, file_name, content_type, requested_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        d.organisationId,
        d.document,
        d.format,
        JSON.stringify(d.model),
        d.fileName,
        d.contentType,
        d.requestedBy,
      ],
    );
    return toRecord(row);
  }

  async find(organisationId: string, id: string): Promise<PolicyDocumentRecord | undefined> {
    const [row]: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM policy_document WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId],
    );
    return row ? toRecord(row) : undefined;
  }

  async download(organisationId: string, id: string): Promise<Buffer | undefined> {
    const [row]: { file: Buffer | null }[] = await this.db.query(
      `SELECT file FROM policy_document WHERE id = $1 AND organisation_id = $2 AND status = 'done'`,
      [id, organisationId],
    );
    return row?.file ?? undefined;
  }

  /** queued/running -> running for one more attempt, with the model to render; undefined when already done or failed. */
  async markRunning(id: string): Promise<{ record: PolicyDocumentRecord; model: unknown } | undefined> {
    const rows = updatedRows<Row & { model: unknown }>(
      await this.db.query(
        `UPDATE policy_document SET status = 'running', attempts = attempts + 1, error = NULL
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}, model`,
        [id],
      ),
    );
    return rows[0] ? { record: toRecord(rows[0]), model: rows[0].model } : undefined;
  }

  /** Stores the file and marks the document done, in the caller's (done-once) transaction. */
  async finish(id: string, bytes: Buffer, sha256: string): Promise<void> {
    await this.db.query(
      `UPDATE policy_document SET status = 'done', error = NULL, file = $2, size = $3, sha256 = $4, finished_at = now()
        WHERE id = $1 AND status = 'running'`,
      [id, bytes, bytes.length, sha256],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE policy_document SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error.slice(0, 1000)],
    );
  }

  /** Deletes documents (done or failed) finished more than `days` days ago; returns how many. */
  async prune(days: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM policy_document WHERE finished_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [days],
    );
    return n;
  }
}
