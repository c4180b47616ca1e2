import PDFDocument from 'pdfkit';
import type { ReportContent } from '@aup/domain';
import { PDF_FONTS } from './fonts';

type Doc = PDFKit.PDFDocument;

const COLOURS = {
  ink: '#1b1f24',
  muted: '#57606a',
  rule: '#d0d7de',
  green: '#1a7f37',
  amber: '#9a6700',
  red: '#b00020',
  unrated: '#57606a',
  bar: '#0969da',
  barBg: '#eaeef2',
} as const;
const MARGIN = { top: 64, bottom: 60, left: 50, right: 50 };

interface Heading {
  title: string;
  anchor: string;
  page: number;
}

/**
 * The PDF report. Page 1 is a board summary (rating and what caps it, top five actions with owners and due
 * dates, obligations per country, prevalence, benchmarks, trend); page 2 a linked table of contents; then
 * the detail; sources once, numbered, at the end. Headers (organisation, audit, date), page numbers and the
 * DRAFT watermark are drawn on every page at the end, once the page count is known. The document is tagged
 * (PDF/UA structure where pdfkit allows), its language set, and its fonts embedded.
 */
export async function renderPdf(
  content: ReportContent,
  onProgress: (pct: number) => Promise<void> | void = () => undefined,
): Promise<Buffer> {
  const takenAt = new Date(content.snapshot.takenAt);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${content.title}${content.draft ? ' (DRAFT)' : ''}`,
      Author: content.organisation.name,
      Subject: `Snapshot SHA-256 ${content.snapshot.hash}`,
      Creator: 'aup-audit',
      Producer: 'aup-audit',
      CreationDate: takenAt,
      ModDate: takenAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('body', PDF_FONTS.regular);
  doc.registerFont('bold', PDF_FONTS.bold);
  doc.registerFont('italic', PDF_FONTS.italic);
  doc.font('body').fillColor(COLOURS.ink);
  // Tagged PDF: reading content goes into a structure tree (headings, paragraphs, a figure with its
  // alternative text); rules, boxes, bullets, headers, page numbers and the watermark are artifacts.
  const root = doc.struct('Document');
  doc.addStructure(root);
  const artifact = (draw: () => void, type: 'Pagination' | 'Layout' = 'Layout') => {
    doc.markContent('Artifact', { type });
    draw();
    doc.endMarkedContent();
  };
  const tagged = (tag: 'P' | 'H1' | 'H2' | 'Figure', draw: () => void, alt?: string) =>
    root.add(doc.struct(tag, alt ? { alt } : {}, draw));

  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const headings: Heading[] = [];
  const pageIndex = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
  };
  const text = (
    t: string,
    opts: PDFKit.Mixins.TextOptions & {
      font?: string;
      size?: number;
      colour?: string;
      tag?: 'P' | 'H1' | 'H2';
    } = {},
  ) => {
    const { font = 'body', size = 9.5, colour = COLOURS.ink, tag = 'P', ...rest } = opts;
    tagged(tag, () => {
      doc
        .font(font)
        .fontSize(size)
        .fillColor(colour)
        .text(t, { width, ...rest });
    });
  };
  const heading = (title: string, level: 1 | 2 = 1) => {
    if (level === 1) {
      doc.addPage();
      const anchor = `s${headings.length + 1}`;
      doc.addNamedDestination(anchor);
      headings.push({ title, anchor, page: pageIndex() });
      doc.outline.addItem(title);
      text(title, { font: 'bold', size: 16, tag: 'H1' });
      doc.moveDown(0.4);
    } else {
      ensure(40);
      doc.moveDown(0.5);
      text(title, { font: 'bold', size: 11.5, tag: 'H2' });
      doc.moveDown(0.2);
    }
  };
  const cite = (numbers: readonly number[]) => (numbers.length ? ` [${numbers.join(', ')}]` : '');
  const bullet = (t: string, opts: { size?: number; font?: string } = {}) => {
    ensure(14);
    const x = doc.x;
    artifact(() =>
      doc
        .font('body')
        .fontSize(opts.size ?? 9.5)
        .fillColor(COLOURS.ink)
        .text('•', x, doc.y, { continued: false, width: 10 }),
    );
    doc.moveUp();
    tagged('P', () => doc.font(opts.font ?? 'body').text(t, x + 10, doc.y, { width: width - 10 }));
    doc.x = x;
  };
  const ratingColour = COLOURS[content.summary.rating];

  // ---- Page 1: board summary -------------------------------------------------------------------------
  const s = content.summary;
  doc.addNamedDestination('summary');
  headings.push({ title: 'Board summary', anchor: 'summary', page: 0 });
  doc.outline.addItem('Board summary');
  text(content.organisation.name, { font: 'bold', size: 10, colour: COLOURS.muted });
  text(content.title, { font: 'bold', size: 17, tag: 'H1' });
  text(
    `Snapshot of ${takenAt.toISOString().slice(0, 10)} · ${content.snapshot.framework.title} ${content.snapshot.framework.version}${content.draft ? ' · DRAFT: not submitted' : ''}`,
    { size: 9, colour: COLOURS.muted },
  );
  doc.moveDown(0.6);
  const boxY = doc.y;
  artifact(() => {
    doc.roundedRect(MARGIN.left, boxY, width, 52, 4).fillAndStroke('#f6f8fa', COLOURS.rule);
    doc.rect(MARGIN.left, boxY, 8, 52).fill(ratingColour);
  });
  tagged('H2', () =>
    doc
      .font('bold')
      .fontSize(15)
      .fillColor(ratingColour)
      .text(`Rating: ${s.ratingLabel}`, MARGIN.left + 18, boxY + 8, { width: width - 30 }),
  );
  tagged('P', () =>
    doc
      .font('body')
      .fontSize(9.5)
      .fillColor(COLOURS.ink)
      .text(
        `Overall score ${s.overall ?? 'not scored'} of 100 · ${s.answeredPct}% of questions answered · ${s.compliantPct}% of scored controls meet their target`,
        MARGIN.left + 18,
        boxY + 30,
        { width: width - 30 },
      ),
  );
  doc.x = MARGIN.left;
  doc.y = boxY + 60;
  text('What decides the rating', { font: 'bold', size: 10.5, tag: 'H2' });
  text(s.ratingReason, { size: 9 });
  for (const cap of s.caps.slice(0, 3))
    bullet(cap.length > 260 ? `${cap.slice(0, 257)}…` : cap, { size: 8.5 });
  if (s.caps.length > 3)
    text(`…and ${s.caps.length - 3} more (see "Gaps by priority").`, { size: 8.5, colour: COLOURS.muted });
  doc.moveDown(0.4);
  text('The five most important actions', { font: 'bold', size: 10.5, tag: 'H2' });
  if (!s.topActions.length) text('No gaps: nothing to remediate.', { size: 9 });
  for (const a of s.topActions)
    bullet(
      `${a.priority} · ${a.title} — ${
        a.tracking
          ? `${a.tracking.statusLabel}; owner: ${a.tracking.owner}, due ${a.tracking.dueDate}`
          : `owner: ${a.owner}, due ${a.dueDate}${content.tracking ? '; not tracked yet' : ''}`
      }`,
      { size: 9 },
    );
  doc.moveDown(0.4);
  text('Reporting obligations by country', { font: 'bold', size: 10.5, tag: 'H2' });
  for (const j of content.jurisdictions) {
    const first = j.obligations[0];
    const counsel = j.obligations.filter((o) => o.counselMustConfirm).length;
    bullet(
      `${j.name}: ${j.obligations.length} ${j.obligations.length === 1 ? 'duty' : 'duties'}${first?.deadline ? `; e.g. ${first.title} (${first.deadline})` : first ? `; e.g. ${first.title}` : ''}${counsel ? `; counsel must confirm ${counsel === j.obligations.length ? (counsel === 1 ? 'it' : 'all') : counsel}` : ''}`,
      { size: 8.5 },
    );
  }
  // What the law forbids on a find travels with the duties it qualifies, not only in section 4.
  if (content.jurisdictions.some((j) => j.obligations.some((o) => o.prohibited.length)))
    text(
      'On a find, never copy, open, move, show or forward the material: secure it as it is and leave it for the police (what each law forbids is in section 4).',
      { size: 8.5 },
    );
  if (!content.jurisdictions.length)
    text('No obligations in the framework bind this organisation.', { size: 8.5 });
  if (content.countriesNotCovered.length)
    text(
      `Not fully covered by this framework (confirm locally with counsel; no duty listed does not mean there is none): ${content.countriesNotCovered.join(', ')}.`,
      { size: 8.5, colour: COLOURS.red },
    );
  text(
    `${content.notLegalAdvice}${content.caveats.length > 1 ? ` ${content.caveats.length - 1} further caveats qualify these results (section 4).` : ''}`,
    { font: 'italic', size: 8, colour: COLOURS.muted },
  );
  doc.moveDown(0.4);
  text('Risk, benchmarks and trend', { font: 'bold', size: 10.5, tag: 'H2' });
  bullet(
    `Prevalence estimate: ${s.prevalence.range} employees viewing child sexual abuse material on work devices (an estimate of risk, not about any person).${s.prevalence.caution ? ` ${s.prevalence.caution}` : ''}${cite(s.prevalence.sourceNumbers)}`,
    { size: 8.5 },
  );
  bullet(benchmarkSummary(s.benchmarks, s.benchmarksNotComparable.length), { size: 8.5 });
  bullet(s.trend ? s.trend.text : 'Trend: no previous audit to compare with.', { size: 8.5 });
  await onProgress(15);

  // ---- Page 2: contents (filled in once the page numbers are known) ----------------------------------
  doc.addPage();
  const tocPage = pageIndex();
  doc.addNamedDestination('contents');
  doc.outline.addItem('Contents');
  text('Contents', { font: 'bold', size: 16 });

  // ---- Detail -------------------------------------------------------------------------------------------
  heading('1. Domain scores');
  text('Score of each domain (0–100) against the framework; the line marks a score of 75.', {
    size: 9,
    colour: COLOURS.muted,
  });
  doc.moveDown(0.5);
  const labelW = 170;
  const barW = width - labelW - 60;
  const chartAlt = `Bar chart of domain scores: ${content.domains.map((d) => `${d.title} ${d.score ?? 'not scored'}`).join('; ')}.`;
  // The chart is one figure, read by its alternative text (the same figures are listed below it).
  tagged(
    'Figure',
    () => {
      for (const d of content.domains) {
        ensure(22);
        const y = doc.y;
        doc
          .font('body')
          .fontSize(9)
          .fillColor(COLOURS.ink)
          .text(d.title, MARGIN.left, y + 2, { width: labelW - 8, height: 20, ellipsis: true });
        doc.rect(MARGIN.left + labelW, y, barW, 14).fill(COLOURS.barBg);
        if (d.score !== null) doc.rect(MARGIN.left + labelW, y, (barW * d.score) / 100, 14).fill(COLOURS.bar);
        doc
          .moveTo(MARGIN.left + labelW + barW * 0.75, y - 2)
          .lineTo(MARGIN.left + labelW + barW * 0.75, y + 16)
          .strokeColor(COLOURS.ink)
          .lineWidth(0.5)
          .stroke();
        doc
          .font('bold')
          .fontSize(9)
          .fillColor(COLOURS.ink)
          .text(d.score === null ? 'n/a' : String(d.score), MARGIN.left + labelW + barW + 8, y + 2, {
            width: 50,
          });
        doc.x = MARGIN.left;
        doc.y = y + 22;
      }
    },
    chartAlt,
  );
  doc.moveDown(0.5);
  for (const d of content.domains)
    bullet(
      `${d.title}: maturity ${d.maturity ?? 'n/a'} of 4; ${d.passing} of ${d.scored} scored controls meet their target.`,
      { size: 8.5 },
    );
  await onProgress(30);

  heading('2. Gaps by priority');
  text(
    `${content.gaps.length} controls are below their target. Each gap names its reason; numbers in brackets are sources (section 9).`,
    { size: 9, colour: COLOURS.muted },
  );
  for (const g of content.gaps) {
    ensure(50);
    doc.moveDown(0.4);
    text(`${g.priority} · ${g.controlId} ${g.title}`, { font: 'bold', size: 10 });
    text(`Criticality ${g.criticality} · score ${g.score ?? 'n/a'} against target ${g.target}`, {
      size: 8.5,
      colour: COLOURS.muted,
    });
    text(g.reason ?? '', { size: 8.5 });
    if (content.tracking)
      text(
        g.tracking
          ? `Tracked: ${g.tracking.title} — ${g.tracking.statusLabel}; owner ${g.tracking.owner}; due ${g.tracking.dueDate}${g.tracking.verifiedBy ? `; verified by ${g.tracking.verifiedBy}` : ''}`
          : 'Tracked: no remediation item yet.',
        { size: 8.5, colour: g.tracking ? COLOURS.ink : COLOURS.red },
      );
  }
  await onProgress(45);

  heading('3. Remediation: tracked items and plan');
  if (content.tracking) {
    text(`Tracked items (status on ${content.tracking.capturedAt.slice(0, 10)})`, {
      font: 'bold',
      size: 11.5,
      tag: 'H2',
    });
    text(
      'The remediation items linked to this audit, as they stood when the report was requested: who owns each, when it is due, and the audit that verified it.',
      { size: 9, colour: COLOURS.muted },
    );
    if (!content.tracking.items.length)
      text(
        content.draft
          ? 'No items yet: items are made from the plan when the audit is submitted.'
          : 'No remediation items are linked to this audit.',
        { size: 9 },
      );
    for (const t of content.tracking.items) {
      ensure(36);
      doc.moveDown(0.3);
      text(`${t.priority} · ${t.title}`, { font: 'bold', size: 9.5 });
      text(
        `${t.statusLabel} · owner ${t.owner} · due ${t.dueDate} · controls ${t.controlIds.join(', ')}${t.verifiedBy ? ` · verified by ${t.verifiedBy}${t.verifiedAt ? ` on ${t.verifiedAt.slice(0, 10)}` : ''}` : ''}`,
        { size: 8.5, colour: COLOURS.muted },
      );
    }
    doc.moveDown(0.6);
  } else {
    text(
      'Tracking of remediation items was not read for this report (offline, or requested before it was).',
      {
        size: 9,
        colour: COLOURS.muted,
      },
    );
  }
  text('The plan', { font: 'bold', size: 11.5, tag: 'H2' });
  text('Actions in the order to do them (prerequisites first). Due dates count from the snapshot date.', {
    size: 9,
    colour: COLOURS.muted,
  });
  content.remediation.forEach((a, i) => {
    ensure(50);
    doc.moveDown(0.4);
    text(`${i + 1}. ${a.priority} · ${a.title}`, { font: 'bold', size: 10 });
    text(
      `Owner: ${a.owner} · effort ${a.effort} · due ${a.dueDate} · closes ${a.controlIds.join(', ')}${a.dependsOn.length ? ` · after ${a.dependsOn.join(', ')}` : ''}`,
      { size: 8.5, colour: COLOURS.muted },
    );
    if (a.tracking)
      text(
        `Tracked as "${a.tracking.title}": ${a.tracking.statusLabel}, owner ${a.tracking.owner}, due ${a.tracking.dueDate}`,
        {
          size: 8.5,
        },
      );
    for (const step of a.steps) bullet(step, { size: 8.5 });
  });
  await onProgress(55);

  heading('4. Reporting obligations');
  text(content.notLegalAdvice, { font: 'italic', size: 9, colour: COLOURS.muted });
  heading('Countries of operation', 2);
  for (const c of content.coverage)
    bullet(c.text, { size: 8.5, font: c.status === 'covered' ? 'body' : 'bold' });
  if (!content.coverage.length) text('The profile names no country of operation.', { size: 8.5 });
  heading('Caveats that qualify these results', 2);
  for (const c of content.caveats) bullet(c, { size: 8.5 });
  for (const j of content.jurisdictions) {
    heading(`${j.name} (legal review ${j.lastReviewed})`, 2);
    for (const o of j.obligations) {
      ensure(60);
      text(
        `${o.title}${o.counselMustConfirm ? ' — counsel must confirm' : ''}${o.status !== 'verified' ? ` (${o.status})` : ''}`,
        { font: 'bold', size: 9.5 },
      );
      text(`When: ${o.trigger}`, { size: 8.5 });
      text(
        `What: ${o.action}${o.deadline ? ` Deadline: ${o.deadline}.` : ''}${o.recipient ? ` To: ${o.recipient}.` : ''}`,
        { size: 8.5 },
      );
      if (o.prohibited.length) text(`Never: ${o.prohibited.join('; ')}`, { size: 8.5 });
      text(`${o.citation}${cite(o.sourceNumbers)} · binds because ${o.bindsBecause}`, {
        size: 8,
        colour: COLOURS.muted,
      });
      doc.moveDown(0.3);
    }
  }

  heading('5. Prevalence and benchmarks');
  text(`${s.prevalence.statement}${cite(s.prevalence.sourceNumbers)}`, { size: 9 });
  if (s.prevalence.comparison) text(s.prevalence.comparison, { size: 9 });
  doc.moveDown(0.4);
  for (const b of s.benchmarks) bullet(`${b.text}${cite(b.sourceNumbers)}`, { size: 8.5 });
  for (const b of s.benchmarksNotComparable) bullet(b.text, { size: 8.5 });
  if (s.trend) {
    doc.moveDown(0.4);
    text(s.trend.text, { size: 9 });
  }
  await onProgress(65);

  heading('6. Answers by section');
  for (const sec of content.answers) {
    heading(sec.title, 2);
    for (const q of sec.questions) {
      ensure(36);
      text(`${q.questionId} ${q.text}`, { size: 8.5, font: 'bold' });
      const who =
        q.answeredBy || q.answeredAt
          ? ` — ${q.answeredBy ?? 'unknown'}${q.answeredAt ? `, ${q.answeredAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`
          : '';
      text(`${q.answer}${who}`, { size: 8.5 });
      if (q.justification) text(`Justification: ${q.justification}`, { size: 8, colour: COLOURS.muted });
      if (q.note) text(`Note: ${q.note}`, { size: 8, colour: COLOURS.muted });
      doc.moveDown(0.2);
    }
  }
  await onProgress(80);

  heading('7. Not applicable and alternative answers');
  if (!content.naJustifications.length)
    text('No question was answered "not applicable" or with an alternative control.', { size: 9 });
  for (const q of content.naJustifications) {
    ensure(30);
    text(`${q.questionId} (${q.answer})`, { font: 'bold', size: 8.5 });
    text(q.justification ?? 'No justification recorded.', { size: 8.5 });
  }

  heading('8. Attestation and integrity');
  if (content.attestation) {
    text(`“${content.attestation.statement}”`, { size: 9.5 });
    text(
      `${content.attestation.role}${content.attestation.by ? ` (${content.attestation.by})` : ''}, ${content.attestation.at.slice(0, 16).replace('T', ' ')} UTC`,
      { size: 9, colour: COLOURS.muted },
    );
  } else {
    text(
      content.draft
        ? 'No attestation: the audit was not submitted when this report was requested (DRAFT).'
        : 'No attestation was recorded with this snapshot.',
      {
        size: 9.5,
        colour: COLOURS.red,
      },
    );
  }
  doc.moveDown(0.5);
  const t = content.trail;
  text('Audit trail', { font: 'bold', size: 10, tag: 'H2' });
  text(
    t
      ? t.valid
        ? `Verified intact on ${t.verifiedAt.slice(0, 10)}: ${t.checked} events, head hash ${t.headHash}.`
        : `BROKEN: the chain fails at event ${t.firstBrokenSeq ?? '?'} (verified ${t.verifiedAt.slice(0, 10)}, ${t.checked} events intact before it).${t.failure ? ` ${t.failure}` : ''}`
      : 'Not verified for this report.',
    { size: 9 },
  );
  if (t?.checks)
    text(
      `Checks: ${Object.entries(t.checks)
        .map(([k, v]) => `${k} ${v.replace('_', ' ')}`)
        .join(', ')}.`,
      { size: 9 },
    );
  doc.moveDown(0.5);
  text('Audit-trail anchor', { font: 'bold', size: 10, tag: 'H2' });
  const anchor = content.trailAnchor;
  text(
    anchor
      ? `Sealed into the snapshot when it was submitted: the trail stood at event ${anchor.seq} with hash ${anchor.hash}. The snapshot's SHA-256 below covers this anchor.`
      : content.draft
        ? 'None: a draft is not sealed. The anchor is sealed into the snapshot when the audit is submitted.'
        : 'None: this result was sealed before anchoring; it is checked against its own hash only.',
    { size: 9 },
  );
  if (anchor) text(`How to verify: ${anchor.howToVerify}`, { size: 8.5, colour: COLOURS.muted });
  doc.moveDown(0.5);
  text('Snapshot', { font: 'bold', size: 10, tag: 'H2' });
  text(
    `This report was rendered from the result snapshot with SHA-256 ${content.snapshot.hash}, taken ${content.snapshot.takenAt}, formula ${content.snapshot.formulaVersion}, framework ${content.snapshot.framework.id} ${content.snapshot.framework.version} (content hash ${content.snapshot.framework.contentHash}).`,
    { size: 9 },
  );

  heading('9. Sources');
  for (const src of content.sources) {
    ensure(24);
    text(
      `[${src.number}] ${src.title}${src.publisher ? `. ${src.publisher}` : ''}${src.year ? ` (${src.year})` : ''}.${src.status !== 'verified' ? ` Status: ${src.status}.` : ''}${src.url ? ` ${src.url}` : ''}`,
      { size: 8.5 },
    );
  }
  await onProgress(90);

  // ---- Contents, headers, page numbers, watermark: now that the pages exist ----------------------------
  doc.switchToPage(tocPage);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top + 34;
  for (const h of headings) {
    const y = doc.y;
    tagged('P', () => {
      doc
        .font('body')
        .fontSize(10.5)
        .fillColor(COLOURS.bar)
        .text(h.title, MARGIN.left, y, { width: width - 40, goTo: h.anchor, underline: false });
      doc
        .font('body')
        .fontSize(10.5)
        .fillColor(COLOURS.ink)
        .text(String(h.page + 1), MARGIN.left + width - 40, y, { width: 40, align: 'right', goTo: h.anchor });
    });
    doc.x = MARGIN.left;
    doc.y = Math.max(doc.y, y + 16) + 2;
  }
  const range = doc.bufferedPageRange();
  const header = `${content.organisation.name} · ${content.audit.title} · ${takenAt.toISOString().slice(0, 10)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    if (content.draft) {
      doc.save();
      doc.rotate(-40, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc
        .font('bold')
        .fontSize(110)
        .fillColor(COLOURS.red)
        .fillOpacity(0.12)
        .text('DRAFT', 0, doc.page.height / 2 - 60, {
          width: doc.page.width,
          align: 'center',
          lineBreak: false,
        });
      doc.restore();
      doc.fillOpacity(1);
    }
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(COLOURS.muted)
      .text(`${header}${content.draft ? ' · DRAFT' : ''}`, MARGIN.left, 30, {
        width,
        lineBreak: false,
        ellipsis: true,
      });
    doc
      .moveTo(MARGIN.left, 44)
      .lineTo(MARGIN.left + width, 44)
      .strokeColor(COLOURS.rule)
      .lineWidth(0.5)
      .stroke();
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(COLOURS.muted)
      .text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN.left, doc.page.height - 40, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.text(`Snapshot SHA-256 ${content.snapshot.hash.slice(0, 16)}…`, MARGIN.left, doc.page.height - 40, {
      width,
      align: 'left',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  root.end();
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Page 1's one line on the survey benchmarks: counts over the figures the organisation can be compared with
 * (it belongs to the surveyed population), and nothing pretending to compare when there are none.
 */
export function benchmarkSummary(
  comparable: readonly { readonly status: string; readonly standing: string | null }[],
  notComparable: number,
): string {
  const without = notComparable
    ? ` ${notComparable} ${notComparable === 1 ? 'practice has' : 'practices have'} no survey of comparable organisations (section 5).`
    : '';
  if (!comparable.length)
    return `Benchmarks: no published survey covers organisations like this one, so none is compared (section 5).`;
  const count = (standing: string) => comparable.filter((b) => b.standing === standing).length;
  const open = comparable.filter((b) => b.status === 'incomplete').length;
  const parts = [
    `ahead of most on ${count('ahead')}`,
    `in line on ${count('in_line')}`,
    `behind most on ${count('behind')}`,
    ...(open ? [`not yet known on ${open}`] : []),
  ];
  return `Benchmarks: ${parts.join(', ')} of ${comparable.length} comparable survey ${comparable.length === 1 ? 'figure' : 'figures'}.${without}`;
}
