import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { PolicyDocumentRepository } from '@aup/db';
import type { PolicyDocumentModel } from '@aup/domain';
import { renderDocx, renderPdf } from '@aup/documents';
import {
  JOBS,
  PermanentJobError,
  ProcessesJob,
  type JobContext,
  type JobPayload,
  type JobProcessor,
} from '@aup/jobs';

/**
 * Renders a requested policy document (the adopted policy or the action plan, DOCX or PDF) from the model
 * stored with the request, and stores the file, its size and SHA-256 in the row together with the job's
 * done-once record. A render that cannot succeed, or fails on its last attempt, marks the row `failed`.
 */
@Injectable()
@ProcessesJob('policy_document.render')
export class PolicyDocumentRenderProcessor implements JobProcessor<'policy_document.render'> {
  private readonly logger = new Logger('PolicyDocumentRenderProcessor');

  constructor(
    @Inject(PolicyDocumentRepository) private readonly documents: PolicyDocumentRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async process({ documentId }: JobPayload<'policy_document.render'>, ctx: JobContext): Promise<void> {
    try {
      const running = await this.documents.markRunning(documentId);
      if (!running) return; // already done or failed (a duplicate delivery), or deleted
      const model = running.model as PolicyDocumentModel;
      const bytes = running.record.format === 'docx' ? await renderDocx(model) : await renderPdf(model);
      if (bytes.length > this.config.REPORT_MAX_BYTES)
        throw new PermanentJobError(
          `REPORT.TOO_LARGE: the file is ${bytes.length} bytes, above REPORT_MAX_BYTES (${this.config.REPORT_MAX_BYTES})`,
        );
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await ctx.progress(100);
      await ctx.complete(() => this.documents.finish(documentId, bytes, sha256));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || ctx.attempt >= JOBS['policy_document.render'].attempts) {
        await this.documents.fail(documentId, message);
        this.logger.warn(`policy document ${documentId} failed: ${message}`);
      }
      throw err;
    }
  }
}
