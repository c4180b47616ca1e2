import ExcelJS from 'exceljs';
import type { ReportContent } from '@aup/domain';

type Cell = string | number | Date | boolean | null;

interface SheetSpec {
  name: string;
  columns: { header: string; width: number; numFmt?: string }[];
  rows: Cell[][];
}

const date = (iso: string | null) => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : null);

/**
 * Writes a value as data, never as a formula: exceljs stores a string as a string cell, so a note that
 * starts with `=` is text. Numbers stay numbers and dates are dates with a date format.
 */
function addSheet(workbook: ExcelJS.Workbook, content: ReportContent, spec: SheetSpec): void {
  const sheet = workbook.addWorksheet(spec.name, {
    views: [{ state: 'frozen', ySplit: 2 }],
    headerFooter: {
      oddHeader: `&L${content.organisation.name.replace(/&/g, '&&')}&C${content.draft ? 'DRAFT' : ''}&R${content.audit.title.replace(/&/g, '&&')}`,
      oddFooter: '&CPage &P of &N',
    },
    properties: { tabColor: content.draft ? { argb: 'FFB00020' } : undefined },
  });
  const title = `${content.organisation.name} · ${content.audit.title} · snapshot ${content.snapshot.takenAt.slice(0, 10)}${content.draft ? ' · DRAFT: not a submitted audit' : ''}`;
  sheet.getRow(1).getCell(1).value = title;
  sheet.getRow(1).font = { bold: true, color: content.draft ? { argb: 'FFB00020' } : undefined };
  const header = sheet.getRow(2);
  spec.columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    sheet.getColumn(i + 1).width = c.width;
    if (c.numFmt) sheet.getColumn(i + 1).numFmt = c.numFmt;
  });
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECF2' } };
  for (const row of spec.rows) sheet.addRow(row.map((v) => (v === null ? null : v)));
  sheet.autoFilter = {
    from: { row: 2, column: 1 },
    to: { row: 2 + spec.rows.length, column: spec.columns.length },
  };
  sheet.getColumn(spec.columns.length).alignment = { wrapText: true, vertical: 'top' };
}

const srcText = (content: ReportContent, numbers: readonly number[]) =>
  numbers.map((n) => `[${n}] ${content.sources[n - 1]?.id ?? ''}`).join('; ');

/** The report as an Excel workbook: Summary, Controls, Answers, Remediation, Obligations, Sources. */
export async function renderXlsx(
  content: ReportContent,
  onProgress: (pct: number) => Promise<void> | void = () => undefined,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'aup-audit';
  workbook.title = content.title;
  workbook.created = new Date(content.snapshot.takenAt);
  workbook.modified = new Date(content.snapshot.takenAt);
  const s = content.summary;
  addSheet(workbook, content, {
    name: 'Summary',
    columns: [
      { header: 'Item', width: 32 },
      { header: 'Value', width: 100 },
    ],
    rows: [
      ['Organisation', content.organisation.name],
      ['Audit', content.audit.title],
      ['Status', content.draft ? `DRAFT (${content.audit.status})` : content.audit.status],
      ['Rating', s.ratingLabel],
      ['Overall score (0-100)', s.overall],
      ['Why this rating', s.ratingReason],
      ...s.caps.map((c, i): Cell[] => [`Cap ${i + 1}`, c]),
      ['Answered %', s.answeredPct],
      ['Compliant controls %', s.compliantPct],
      ['Expected affected employees', s.prevalence.range],
      ['Prevalence estimate', s.prevalence.statement],
      ...(s.trend ? [['Trend', s.trend.text] as Cell[]] : []),
      ['Framework', `${content.snapshot.framework.title} ${content.snapshot.framework.version}`],
      ['Formula', content.snapshot.formulaVersion],
      ['Snapshot taken', date(content.snapshot.takenAt)],
      ['Snapshot SHA-256', content.snapshot.hash],
      [
        'Audit-trail anchor',
        content.trailAnchor
          ? `event ${content.trailAnchor.seq}, hash ${content.trailAnchor.hash}`
          : content.draft
            ? 'none: a draft is not sealed'
            : 'none: sealed before anchoring',
      ],
      ...(content.trailAnchor
        ? [['How to verify the anchor', content.trailAnchor.howToVerify] as Cell[]]
        : []),
      [
        'Audit trail verified',
        content.trail
          ? `${content.trail.valid ? 'intact' : 'BROKEN'} on ${content.trail.verifiedAt.slice(0, 10)}: ${content.trail.checked} events, head hash ${content.trail.headHash}`
          : 'not verified',
      ],
      ['Remediation tracking read', content.tracking ? date(content.tracking.capturedAt) : 'not read'],
      ['Legal note', content.notLegalAdvice],
      ...(content.countriesNotCovered.length
        ? [['Countries not fully covered', content.countriesNotCovered.join(', ')] as Cell[]]
        : []),
      ...content.coverage.map((c): Cell[] => [`Country: ${c.name}`, c.text]),
      ...content.caveats.map((c, i): Cell[] => [`Caveat ${i + 1}`, c]),
    ],
  });
  await onProgress(20);
  addSheet(workbook, content, {
    name: 'Controls',
    columns: [
      { header: 'Control', width: 11 },
      { header: 'Domain', width: 24 },
      { header: 'Title', width: 40 },
      { header: 'Criticality', width: 11 },
      { header: 'Score', width: 8, numFmt: '0.0' },
      { header: 'Target', width: 8, numFmt: '0' },
      { header: 'Status', width: 9 },
      { header: 'Gap', width: 6 },
      { header: 'Priority', width: 9 },
      { header: 'Sources', width: 30 },
      { header: 'ISO/IEC 27001:2022', width: 18 },
      { header: 'NIST CSF 2.0', width: 18 },
      { header: 'CIS v8', width: 12 },
      { header: 'Tracked item', width: 36 },
      { header: 'Item status', width: 14 },
      { header: 'Item owner', width: 18 },
      { header: 'Item due', width: 12, numFmt: 'yyyy-mm-dd' },
      { header: 'Verified by audit', width: 20 },
      { header: 'Reason', width: 80 },
    ],
    rows: content.controls
      .filter((c) => c.applicable)
      .map((c) => [
        c.controlId,
        c.domainTitle,
        c.title,
        c.criticality,
        c.score,
        c.target,
        c.passes ? 'pass' : 'fail',
        c.gap ? 'yes' : 'no',
        c.priority,
        srcText(content, c.sourceNumbers),
        c.iso27001.join('; '),
        c.nistCsf.join('; '),
        c.cis.join('; '),
        c.tracking?.title ?? null,
        c.tracking?.statusLabel ?? (c.gap && content.tracking ? 'not tracked' : null),
        c.tracking?.owner ?? null,
        date(c.tracking?.dueDate ?? null),
        c.tracking?.verifiedBy ?? null,
        c.reason,
      ]),
  });
  await onProgress(45);
  addSheet(workbook, content, {
    name: 'Answers',
    columns: [
      { header: 'Section', width: 14 },
      { header: 'Question', width: 12 },
      { header: 'Control', width: 10 },
      { header: 'Answer', width: 28 },
      { header: 'Status', width: 12 },
      { header: 'Answered by', width: 22 },
      { header: 'Answered at', width: 18, numFmt: 'yyyy-mm-dd hh:mm' },
      { header: 'Justification', width: 40 },
      { header: 'Note', width: 40 },
      { header: 'Question text', width: 80 },
    ],
    rows: content.answers.flatMap((sec) =>
      sec.questions.map((q) => [
        sec.title,
        q.questionId,
        q.controlId,
        q.answer,
        q.status,
        q.answeredBy,
        date(q.answeredAt),
        q.justification,
        q.note,
        q.text,
      ]),
    ),
  });
  await onProgress(65);
  addSheet(workbook, content, {
    name: 'Remediation',
    columns: [
      { header: 'Order', width: 7 },
      { header: 'Priority', width: 9 },
      { header: 'Title', width: 44 },
      { header: 'Owner', width: 18 },
      { header: 'Effort', width: 8 },
      { header: 'Due', width: 12, numFmt: 'yyyy-mm-dd' },
      { header: 'Controls', width: 20 },
      { header: 'Depends on', width: 20 },
      { header: 'Tracked item', width: 36 },
      { header: 'Item status', width: 14 },
      { header: 'Item owner', width: 18 },
      { header: 'Item due', width: 12, numFmt: 'yyyy-mm-dd' },
      { header: 'Verified by audit', width: 20 },
      { header: 'Steps', width: 90 },
    ],
    rows: content.remediation.map((i, n) => [
      n + 1,
      i.priority,
      i.title,
      i.owner,
      i.effort,
      date(i.dueDate),
      i.controlIds.join('; '),
      i.dependsOn.join('; '),
      i.tracking?.title ?? null,
      i.tracking?.statusLabel ?? (content.tracking ? 'not tracked' : null),
      i.tracking?.owner ?? null,
      date(i.tracking?.dueDate ?? null),
      i.tracking?.verifiedBy ?? null,
      i.steps.join('\n'),
    ]),
  });
  addSheet(workbook, content, {
    name: 'Obligations',
    columns: [
      { header: 'Jurisdiction', width: 20 },
      { header: 'Last legal review', width: 14, numFmt: 'yyyy-mm-dd' },
      { header: 'Obligation', width: 40 },
      { header: 'Status', width: 11 },
      { header: 'Counsel must confirm', width: 10 },
      { header: 'Deadline', width: 24 },
      { header: 'Recipient', width: 28 },
      { header: 'Citation', width: 30 },
      { header: 'Sources', width: 20 },
      { header: 'What to do', width: 80 },
    ],
    rows: content.jurisdictions.flatMap((j) =>
      j.obligations.map((o) => [
        j.name,
        date(j.lastReviewed),
        o.title,
        o.status,
        o.counselMustConfirm ? 'yes' : 'no',
        o.deadline,
        o.recipient,
        o.citation,
        srcText(content, o.sourceNumbers),
        o.action,
      ]),
    ),
  });
  addSheet(workbook, content, {
    name: 'Sources',
    columns: [
      { header: 'No.', width: 6 },
      { header: 'Id', width: 22 },
      { header: 'Publisher', width: 28 },
      { header: 'Year', width: 7 },
      { header: 'Status', width: 11 },
      { header: 'Address', width: 50 },
      { header: 'Title', width: 80 },
    ],
    rows: content.sources.map((src) => [
      src.number,
      src.id,
      src.publisher,
      src.year,
      src.status,
      src.url,
      src.title,
    ]),
  });
  await onProgress(85);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}
