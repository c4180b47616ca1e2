import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { ReportRepository } from '@aup/db';
import {
  isReportFormat,
  snapshotHashOf,
  upgradeAuditResult,
  type Catalogue,
  type ReportContext,
  type ReportSnapshot,
} from '@aup/domain';
import {
  JOBS,
  PermanentJobError,
  ProcessesJob,
  type JobContext,
  type JobPayload,
  type JobProcessor,
} from '@aup/jobs';
import { renderReport } from '@aup/reports';

/** Progress is written to the report row at most this often, so a fast render costs no extra statements. */
const PROGRESS_EVERY_MS = 250;

/**
 * Renders a requested report from its immutable snapshot and stores the file, its size and SHA-256 in the
 * report row, together with the job's done-once record. A worker killed mid-render leaves the row
 * `running`; the job runs again and the same row is finished once. A render that cannot succeed, or that
 * fails on its last attempt, marks the report `failed` with the reason.
 */
@Injectable()
@ProcessesJob('report.render')
export class ReportRenderProcessor implements JobProcessor<'report.render'> {
  private readonly logger = new Logger('ReportRenderProcessor');
  private readonly reports: ReportRepository;
  /** The catalogue of the last framework version rendered, by content hash (immutable under its hash). */
  private catalogueCache?: { hash: string; catalogue: Catalogue };

  constructor(
    @Inject(ReportRepository) reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reports = reports;
  }

  async process({ reportId }: JobPayload<'report.render'>, ctx: JobContext): Promise<void> {
    try {
      await this.render(reportId, ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || ctx.attempt >= JOBS['report.render'].attempts) {
        await this.reports.fail(reportId, message);
        this.logger.warn(`report ${reportId} failed: ${message}`);
      }
      throw err;
    }
  }

  private async render(reportId: string, ctx: JobContext): Promise<void> {
    const running = await this.reports.markRunning(reportId);
    if (!running) return; // already done or failed (a duplicate delivery), or deleted
    const source = await this.reports.renderSource(reportId, this.catalogueCache?.hash);
    if (!source) return;
    if (!isReportFormat(source.report.format))
      throw new PermanentJobError(`unknown report format '${source.report.format}'`);
    const catalogue =
      source.catalogue === null && this.catalogueCache?.hash === source.contentHash
        ? this.catalogueCache.catalogue
        : (source.catalogue as Catalogue);
    this.catalogueCache = { hash: source.contentHash, catalogue };
    const stored = source.snapshot as ReportSnapshot;
    // The file states the snapshot's SHA-256: a result edited in the database after it was sealed (or
    // after the draft was taken) is not rendered under the hash it no longer has.
    if (snapshotHashOf(stored) !== source.report.snapshotHash)
      throw new PermanentJobError(
        'REPORT.SNAPSHOT_CHANGED: the stored result no longer matches the hash sealed with it; nothing was rendered. Ask an administrator to verify the audit trail.',
      );
    // A snapshot stored in an older results format is upgraded as it is read, as the api does for results.
    const snapshot: ReportSnapshot = {
      ...stored,
      attestation: stored.attestation ?? null,
      result: upgradeAuditResult(stored.result, catalogue.sources),
    };
    // Progress is written beside the render, never in its way: at most one write in flight, none more
    // often than PROGRESS_EVERY_MS (a render waited for each write before: a few hundred milliseconds on a
    // busy database). Each step still yields to the event loop once, so the write, the queue's lock
    // renewal and other I/O go on while the render runs. The last write is awaited before the file is stored.
    let last = 0;
    let writing: Promise<unknown> | undefined;
    const file = await renderReport(
      source.report.format,
      { snapshot, catalogue, context: source.context as ReportContext },
      (pct) => {
        if (!writing && Date.now() - last >= PROGRESS_EVERY_MS) {
          last = Date.now();
          writing = Promise.all([this.reports.setProgress(reportId, pct), ctx.progress(pct)])
            .catch((err: unknown) =>
              this.logger.warn(
                `report ${reportId}: progress not recorded: ${err instanceof Error ? err.message : String(err)}`,
              ),
            )
            .finally(() => (writing = undefined));
        }
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
    );
    await writing;
    if (file.bytes.length > this.config.REPORT_MAX_BYTES) {
      throw new PermanentJobError(
        `REPORT.TOO_LARGE: the file is ${file.bytes.length} bytes, above REPORT_MAX_BYTES (${this.config.REPORT_MAX_BYTES})`,
      );
    }
    await ctx.complete(() => this.reports.finish(reportId, file));
  }
}
