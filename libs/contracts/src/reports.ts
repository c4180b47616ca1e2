import type { ReportFormat, ReportStatus } from '@aup/domain';

/**
 * Reports auditors download: requested through the queue, rendered by the worker from an immutable
 * snapshot, downloaded with `Repr-Digest: sha-256=:<base64>:` (RFC 9530). `sha256` is the same digest in hex.
 */
export interface ReportView {
  id: string;
  auditId: string;
  format: ReportFormat;
  status: ReportStatus;
  /** 0-100 while rendering; 100 when done. */
  progress: number;
  /** Rendered from a snapshot of a draft (not submitted) audit: every page or sheet says DRAFT. */
  draft: boolean;
  /** SHA-256 (hex) of the result snapshot the report is rendered from. */
  snapshotHash: string;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  /** SHA-256 (hex) of the file's bytes; anyone can check a copy against it. */
  sha256: string | null;
  /** Why the render failed (status `failed`); POST .../retry queues it again. */
  error: string | null;
  attempts: number;
  requestedBy: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Relative to /api/v1; present when the report is done. */
  downloadPath: string | null;
}

export interface CreateReportRequest {
  format: ReportFormat;
}
