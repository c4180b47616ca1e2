import { createHash } from 'node:crypto';
import {
  buildReportContent,
  REPORT_FORMAT_INFO,
  reportFileName,
  type Catalogue,
  type ReportContext,
  type ReportFormat,
  type ReportSnapshot,
} from '@aup/domain';
import { controlsCsv, remediationCsv } from './csv';
import { renderJson } from './json';
import { oscalAssessmentResults, oscalCatalog, oscalPoam } from './oscal';

export interface ReportInput {
  readonly snapshot: ReportSnapshot;
  readonly catalogue: Catalogue;
  readonly context: ReportContext;
}

export interface RenderedReport {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly fileName: string;
  /** SHA-256 of the bytes, hex. */
  readonly sha256: string;
}

export type ProgressFn = (percent: number) => Promise<void> | void;

const oscalJson = (doc: unknown) => Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');

/**
 * Renders one report file. The same function runs in the worker (full mode), inside the api (embedded
 * mode) and in the CLI, so every path produces the same bytes from the same snapshot.
 */
export async function renderReport(
  format: ReportFormat,
  input: ReportInput,
  onProgress: ProgressFn = () => undefined,
): Promise<RenderedReport> {
  const content = buildReportContent(input.snapshot, input.catalogue, input.context);
  await onProgress(5);
  let bytes: Buffer;
  switch (format) {
    // The PDF and workbook libraries are loaded on first use, so a process that never renders one (the
    // api in full mode, every test of something else) does not pay for loading them.
    case 'pdf':
      bytes = await (await import('./pdf.js')).renderPdf(content, onProgress);
      break;
    case 'xlsx':
      bytes = await (await import('./xlsx.js')).renderXlsx(content, onProgress);
      break;
    case 'csv-controls':
      bytes = controlsCsv(content);
      break;
    case 'csv-remediation':
      bytes = remediationCsv(content);
      break;
    case 'json':
      bytes = renderJson(content, input.snapshot);
      break;
    case 'oscal-catalog':
      bytes = oscalJson(oscalCatalog(input.catalogue, input.context.snapshotTakenAt));
      break;
    case 'oscal-assessment-results':
      bytes = oscalJson(oscalAssessmentResults(content));
      break;
    case 'oscal-poam':
      bytes = oscalJson(oscalPoam(content));
      break;
  }
  await onProgress(100);
  return {
    bytes,
    contentType: REPORT_FORMAT_INFO[format].contentType,
    fileName: reportFileName({
      organisation: content.organisation.name,
      audit: content.audit.title,
      date: content.snapshot.takenAt,
      format,
      draft: content.draft,
    }),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
