import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  canonicalJson,
  evaluateAudit,
  FORMULA_VERSION,
  validateAnswers,
  validateProfile,
  type Catalogue,
  type ReportFormat,
  type ReportSnapshot,
} from '@aup/domain';
import { loadFrameworkRef, PolicyLoadError, UnknownFrameworkError } from '@aup/policies';
import { renderReport } from '@aup/reports';
import { UsageError } from './args';
import type { Output } from './output';
import { fail, readAnswersFile } from './score-command';

/** What `--format` names on the command line: CSV and OSCAL write one file per content, as the api offers them. */
const CLI_FORMATS: Readonly<Record<string, readonly ReportFormat[]>> = {
  pdf: ['pdf'],
  xlsx: ['xlsx'],
  csv: ['csv-controls', 'csv-remediation'],
  json: ['json'],
  oscal: ['oscal-catalog', 'oscal-assessment-results', 'oscal-poam'],
};

/**
 * `report`: renders report files from an answers file, offline, with the renderers the worker uses. There is
 * no audit trail or attestation offline; the report says so. Files go to `--out` (default: the current folder).
 */
export async function reportCommand(
  file: string,
  policiesDir: string,
  options: Readonly<Record<string, string>>,
  out: Output,
): Promise<number> {
  const formats = CLI_FORMATS[options.format ?? ''];
  if (!formats)
    throw new UsageError(
      `--format must be one of ${Object.keys(CLI_FORMATS).join(', ')}${options.format ? `, not '${options.format}'` : ''}`,
    );
  const { doc, problems } = readAnswersFile(file);
  if (!doc) return fail(out, problems);
  let catalogue: Catalogue;
  try {
    catalogue = loadFrameworkRef(policiesDir, options.framework ?? doc.framework);
  } catch (error) {
    if (error instanceof UnknownFrameworkError || error instanceof PolicyLoadError)
      return fail(out, [error.message]);
    throw error;
  }
  const invalid = [
    ...validateProfile(catalogue, doc.profile).map((p) => `profile: ${p.message}`),
    ...validateAnswers(catalogue, doc.answers).map((p) => `answers: ${p.message}`),
  ];
  if (invalid.length)
    return fail(
      out,
      invalid.map((m) => `${file}: ${m}`),
    );

  const now = new Date().toISOString();
  // As stored: dates and class instances become what a JSON column gives back.
  const snapshot = JSON.parse(
    JSON.stringify({
      auditId: '00000000-0000-4000-8000-000000000000',
      organisationId: '00000000-0000-4000-8000-000000000000',
      framework: {
        id: catalogue.framework.id,
        version: catalogue.framework.version,
        contentHash: catalogue.contentHash,
      },
      formulaVersion: FORMULA_VERSION,
      profile: doc.profile,
      answers: doc.answers,
      attestation: null,
      result: evaluateAudit(catalogue, doc.profile, doc.answers),
    }),
  ) as ReportSnapshot;
  const title = options.title ?? basename(file, extname(file));
  const input = {
    snapshot,
    catalogue,
    context: {
      organisation: { id: snapshot.organisationId, name: options.organisation ?? 'Offline assessment' },
      audit: { id: snapshot.auditId, title, status: 'offline', dueDate: null, submittedAt: null },
      draft: false,
      snapshotHash: createHash('sha256').update(canonicalJson(snapshot)).digest('hex'),
      snapshotTakenAt: now,
      requestedAt: now,
      answerMeta: {},
      attestedBy: null,
      previous: null,
      trail: null,
    },
  };
  const dir = options.out ?? '.';
  mkdirSync(dir, { recursive: true });
  for (const format of formats) {
    const report = await renderReport(format, input);
    const path = join(dir, report.fileName);
    writeFileSync(path, report.bytes);
    out.print(`${path}  ${report.bytes.length} bytes  sha256 ${report.sha256}`);
  }
  return 0;
}
