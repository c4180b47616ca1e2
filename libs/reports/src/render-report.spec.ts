import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { REPORT_FORMATS } from '@aup/domain';
import { sampleReportInput } from '../../../test/fixtures/reports/sample-report';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { oscalValidator } from '../../../test/reports/report-checks';
import { benchmarkSummary } from './pdf';
import { renderReport } from './render-report';

describe('renderReport (every format from one snapshot)', () => {
  const input = sampleReportInput('multinational-12000', { note: '=HYPERLINK("x")' });

  it.each(REPORT_FORMATS)(
    '%s: bytes, a meaningful file name, the SHA-256 of the bytes, progress up to 100',
    async (format) => {
      const progress: number[] = [];
      const r = await renderReport(format, input, (p) => void progress.push(p));
      expect(r.bytes.length).toBeGreaterThan(200);
      expect(r.sha256).toBe(createHash('sha256').update(r.bytes).digest('hex'));
      expect(r.fileName).toMatch(
        /^Example-Manufacturing-Ltd_CSAM-readiness-2026_2026-11-30_[a-z-]+\.(pdf|xlsx|csv|json)$/,
      );
      expect(progress.at(-1)).toBe(100);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      if (process.env.REPORTS_SMOKE_DIR)
        writeFileSync(join(process.env.REPORTS_SMOKE_DIR, r.fileName.replace('report', format)), r.bytes);
    },
  );

  it('renders the same bytes twice for the non-PDF formats (deterministic)', async () => {
    for (const format of REPORT_FORMATS.filter((f) => f !== 'pdf' && f !== 'xlsx')) {
      expect((await renderReport(format, input)).sha256).toBe((await renderReport(format, input)).sha256);
    }
  });

  it('marks a draft in the file name', async () => {
    const r = await renderReport('csv-controls', sampleReportInput('multinational-12000', { draft: true }));
    expect(r.fileName).toMatch(/_DRAFT\.csv$/);
  });

  it('PDF: text a reader finds with pdftotext (rating, every P1 action, each country, not legal advice, sources once)', async () => {
    const r = await renderReport('pdf', input);
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    writeFileSync(join(dir, 'r.pdf'), r.bytes);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    const { result } = input.snapshot;
    expect(flat).toContain(
      `Rating: ${{ red: 'Red: legal exposure', amber: 'Amber', green: 'Green', unrated: 'Not rated yet' }[result.rating]}`,
    );
    for (const item of result.remediation.items.filter((i) => i.priority === 'P1'))
      expect(flat).toContain(item.title.replace(/\s+/g, ' '));
    for (const name of new Set(result.obligations.map((o) => o.jurisdictionName)))
      expect(flat).toContain(name);
    expect(flat).toContain('Not legal advice');
    expect(flat).toContain('Page 1 of');
    expect(flat).toContain('Contents');
    const page1 = text.split('\f')[0].replace(/\s+/g, ' ');
    expect(page1).toContain('The five most important actions');
    expect(page1).toContain('Reporting obligations by country');
    // Qualifiers stand next to what they qualify: counsel flags per country, what must never be done, the
    // caution on the prevalence figures.
    const counselled = new Set(
      result.obligations.filter((o) => o.counselMustConfirm).map((o) => o.jurisdictionName),
    );
    expect(counselled.size).toBeGreaterThan(0);
    for (const name of counselled)
      expect(page1).toMatch(
        new RegExp(`${name.replace(/[()]/g, (c) => `\\${c}`)}: \\d+ dut[^•]*counsel must confirm`),
      );
    expect(page1).toContain('never copy, open, move, show or forward the material');
    if (result.prevalence.caution) expect(page1).toContain(result.prevalence.caution.replace(/\s+/g, ' '));
    const fonts = execFileSync('pdffonts', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans/);
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\b/); // embedded, subset
  });

  it('PDF: a 40-person employer is compared with no survey of large businesses, on page 1 or later', async () => {
    const r = await renderReport('pdf', sampleReportInput('empty-employer-40'));
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    writeFileSync(join(dir, 'r.pdf'), r.bytes);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    const page1 = text.split('\f')[0].replace(/\s+/g, ' ');
    expect(page1).toContain(
      'Benchmarks: no published survey covers organisations like this one, so none is compared',
    );
    expect(page1).not.toMatch(/ahead of most|behind most|survey baselines/);
    expect(text.replace(/\s+/g, ' ')).toMatch(
      /no comparable survey figure for this organisation; the only survey/,
    );
  });

  it('PDF page 1: the benchmark line counts comparable figures only', () => {
    expect(
      benchmarkSummary(
        [
          { status: 'has', standing: 'ahead' },
          { status: 'lacks', standing: 'behind' },
          { status: 'incomplete', standing: null },
        ],
        2,
      ),
    ).toBe(
      'Benchmarks: ahead of most on 1, in line on 0, behind most on 1, not yet known on 1 of 3 comparable survey figures. 2 practices have no survey of comparable organisations (section 5).',
    );
    expect(benchmarkSummary([], 5)).toMatch(
      /^Benchmarks: no published survey covers organisations like this one/,
    );
  });

  it('JSON: the export validates against its documented schema (docs/report.schema.json), tracked or not, draft or not', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(__dirname, '../../../docs/report.schema.json'), 'utf8')),
    );
    for (const i of [
      input,
      sampleReportInput('multinational-12000', { tracking: false }),
      sampleReportInput('multinational-12000', { draft: true }),
    ]) {
      const doc: unknown = JSON.parse((await renderReport('json', i)).bytes.toString('utf8'));
      expect(validate(doc) ? [] : validate.errors).toEqual([]);
    }
    const doc = JSON.parse((await renderReport('json', input)).bytes.toString('utf8')) as {
      trailAnchor: unknown;
      tracking: { items: unknown[] };
      caveats: string[];
    };
    expect(doc.trailAnchor).toMatchObject({ seq: 117, hash: 'c'.repeat(64) });
    expect(doc.tracking.items[0]).toMatchObject({ status: 'in_progress', owner: 'Dana Reyes' });
    expect(doc.caveats[0]).toMatch(/^Not legal advice/);
  });

  it('PDF: tracked status of the gaps, the trail anchor with how to verify it, country coverage and caveats', async () => {
    const r = await renderReport('pdf', input);
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    writeFileSync(join(dir, 'r.pdf'), r.bytes);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    const page1 = text.split('\f')[0].replace(/\s+/g, ' ');
    const [first, second] = input.context.tracking!.items;
    expect(page1).toContain('In progress; owner: Dana Reyes, due 2027-01-15');
    expect(flat).toContain(
      `Tracked: ${first.title.replace(/\s+/g, ' ')} — In progress; owner Dana Reyes; due 2027-01-15`,
    );
    expect(flat).toContain('verified by CSAM readiness 2027');
    expect(flat).toContain(second.title.replace(/\s+/g, ' '));
    expect(flat).toContain('Tracked: no remediation item yet.');
    expect(flat).toContain(`the trail stood at event 117 with hash ${'c'.repeat(64)}`);
    expect(flat).toContain('How to verify:');
    expect(flat).toContain('anchors passed');
    expect(flat).toContain('India: not covered: confirm locally with counsel');
    expect(flat).toContain('Caveats that qualify these results');
    // Long caveats break at hyphens as well as spaces: compare without white space.
    const dense = flat.replace(/\s+/g, '');
    for (const c of input.snapshot.result.caveats!) expect(dense).toContain(c.replace(/\s+/g, ''));
  });

  it('CSV and OSCAL: the tracked status per gap and per planned action; POA&M risks carry the item status', async () => {
    const { parse } = await import('csv-parse/sync');
    const rows = parse((await renderReport('csv-controls', input)).bytes, { bom: true }) as string[][];
    const col = (name: string) => rows[0].indexOf(name);
    const [first, second] = input.context.tracking!.items;
    const row = rows.find((r) => r[0] === first.controlIds[0])!;
    expect([row[col('item_status')], row[col('item_owner')], row[col('item_due_date')]]).toEqual([
      'in_progress',
      'Dana Reyes',
      '2027-01-15',
    ]);
    expect(rows.find((r) => r[0] === second.controlIds[0])![col('verified_by_audit')]).toBe(
      'CSAM readiness 2027',
    );
    expect(
      rows.filter((r) => r[col('gap')] === 'yes').some((r) => r[col('item_status')] === 'not_tracked'),
    ).toBe(true);
    const items = parse((await renderReport('csv-remediation', input)).bytes, { bom: true }) as string[][];
    expect(items[1][items[0].indexOf('item_status')]).toBe('in_progress');

    const poam = (
      JSON.parse((await renderReport('oscal-poam', input)).bytes.toString('utf8')) as {
        'plan-of-action-and-milestones': {
          risks: { uuid: string; status: string }[];
          'poam-items': { 'related-risks': unknown }[];
        };
      }
    )['plan-of-action-and-milestones'];
    expect(poam.risks.map((r) => r.status)).toEqual(['remediating', 'closed']);
    expect(poam['poam-items'][0]['related-risks']).toEqual([{ 'risk-uuid': poam.risks[0].uuid }]);
    const validate = oscalValidator('poam');
    const ok = validate({ 'plan-of-action-and-milestones': poam });
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
