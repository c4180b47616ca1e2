import type { ReportContent, ReportTracking } from '@aup/domain';

/** Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, shift it): CSV injection. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text cell
 * that a spreadsheet would run as a formula gets a leading apostrophe, as OWASP advises, so `=SUM(...)` in
 * a note stays text. Numbers are written as numbers (a negative number is data, not a formula).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: header and rows, CRLF line ends, UTF-8 with a byte-order mark so spreadsheet programs pick UTF-8. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const sources = (numbers: readonly number[], content: ReportContent) =>
  numbers
    .map((n) => content.sources[n - 1])
    .filter(Boolean)
    .map((s) => `${s.id} ${s.title}`)
    .join('; ');

export const CONTROLS_CSV_HEADER = [
  'control_id',
  'domain',
  'control',
  'criticality',
  'applicable',
  'score',
  'target',
  'status',
  'gap',
  'priority',
  'severity',
  'reason',
  'sources',
  'iso27001_2022',
  'nist_csf_2',
  'cis_v8',
  'answer_notes',
  'tracked_item',
  'item_status',
  'item_owner',
  'item_due_date',
  'verified_by_audit',
];

/** The tracked item's columns (empty when tracking was not read; `not_tracked` for a gap without an item). */
const trackingCells = (tracking: ReportTracking | null, expected: boolean, read: boolean) => [
  tracking?.title ?? null,
  tracking?.status ?? (expected && read ? 'not_tracked' : null),
  tracking?.owner ?? null,
  tracking?.dueDate ?? null,
  tracking?.verifiedBy ?? null,
];

/** One row per control of the framework, applicable or not (the `applicable` column says which). */
export function controlsCsv(content: ReportContent): Buffer {
  const notes = new Map<string, string[]>();
  for (const q of content.answers.flatMap((s) => s.questions)) {
    const texts = [q.justification, q.note].filter((t): t is string => Boolean(t));
    if (texts.length) notes.set(q.controlId, [...(notes.get(q.controlId) ?? []), ...texts]);
  }
  return toCsv(
    CONTROLS_CSV_HEADER,
    content.controls.map((c) => [
      c.controlId,
      c.domainTitle,
      c.title,
      c.criticality,
      c.applicable,
      c.score,
      c.target,
      c.passes === null ? c.status : c.passes ? 'pass' : 'fail',
      c.gap,
      c.priority,
      c.severity,
      c.reason,
      sources(c.sourceNumbers, content),
      c.iso27001.join('; '),
      c.nistCsf.join('; '),
      c.cis.join('; '),
      (notes.get(c.controlId) ?? []).join(' | '),
      ...trackingCells(c.tracking, c.gap, content.tracking !== null),
    ]),
  );
}

export const REMEDIATION_CSV_HEADER = [
  'key',
  'title',
  'priority',
  'owner',
  'effort',
  'due_date',
  'controls',
  'depends_on',
  'steps',
  'tracked_item',
  'item_status',
  'item_owner',
  'item_due_date',
  'verified_by_audit',
];

/** One row per remediation item of the plan, in plan order. */
export function remediationCsv(content: ReportContent): Buffer {
  return toCsv(
    REMEDIATION_CSV_HEADER,
    content.remediation.map((i) => [
      i.key,
      i.title,
      i.priority,
      i.owner,
      i.effort,
      i.dueDate,
      i.controlIds.join('; '),
      i.dependsOn.join('; '),
      i.steps.join(' | '),
      ...trackingCells(i.tracking, true, content.tracking !== null),
    ]),
  );
}
