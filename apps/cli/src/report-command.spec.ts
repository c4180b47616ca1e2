import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import ExcelJS from 'exceljs';
import { runCli } from './cli';

const fixture = join(__dirname, '../../../test/fixtures/answers/ok/multinational-12000.yaml');

async function run(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { print: (l) => stdout.push(l), error: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

describe('audit report (offline)', () => {
  it('writes the controls and remediation CSV files and prints each path with its SHA-256', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-report-'));
    const r = await run([
      'report',
      fixture,
      '--format',
      'csv',
      '--out',
      out,
      '--organisation',
      'Example Ltd',
    ]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      expect.stringMatching(/^Example-Ltd_multinational-12000_\d{4}-\d{2}-\d{2}_csv-controls\.csv$/),
      expect.stringMatching(/_csv-remediation\.csv$/),
    ]);
    for (const f of files)
      expect(r.stdout.join('\n')).toContain(
        `sha256 ${createHash('sha256')
          .update(readFileSync(join(out, f)))
          .digest('hex')}`,
      );
  });

  it('writes the three OSCAL documents', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-report-'));
    expect((await run(['report', fixture, '--format', 'oscal', '--out', out])).code).toBe(0);
    expect(
      readdirSync(out)
        .map((f) => f.replace(/^.*_/, ''))
        .sort(),
    ).toEqual(['oscal-assessment-results.json', 'oscal-catalog.json', 'oscal-poam.json']);
  });

  /** Runs `report --format <format>` into a folder of its own; returns the one file it wrote. */
  async function reportFile(format: string): Promise<{ name: string; path: string; bytes: Buffer }> {
    const out = mkdtempSync(join(tmpdir(), 'cli-report-'));
    const r = await run(['report', fixture, '--format', format, '--out', out]);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const files = readdirSync(out);
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`_multinational-12000_\\d{4}-\\d{2}-\\d{2}_report\\.${format}$`)),
    ]);
    const path = join(out, files[0]);
    return { name: files[0], path, bytes: readFileSync(path) };
  }
  /** The rating as the score command gives it for the same answers file. */
  async function scoredRating(): Promise<string> {
    const r = await run(['score', fixture, '--format', 'json']);
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout.join('\n')) as { rating: string }).rating;
  }
  const RATING_LABEL: Record<string, string> = {
    red: 'Red',
    amber: 'Amber',
    green: 'Green',
    unrated: 'Not rated',
  };

  it('writes a PDF: it starts with %PDF, and pdftotext finds the rating on the first page', async () => {
    const { bytes, path } = await reportFile('pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const firstPage = execFileSync('pdftotext', ['-layout', '-l', '1', path, '-'], { encoding: 'utf8' });
    expect(firstPage.replace(/\s+/g, ' ')).toContain(`Rating: ${RATING_LABEL[await scoredRating()]}`);
  });

  it('writes an XLSX workbook that exceljs opens, with the rating on its Summary sheet', async () => {
    const { bytes } = await reportFile('xlsx');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a ZIP container, as OOXML is
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Summary')!;
    const row = summary.getColumn(1).values.indexOf('Rating');
    // "Red: legal exposure": the label, then why.
    expect(summary.getRow(row).getCell(2).value).toMatch(
      new RegExp(`^${RATING_LABEL[await scoredRating()]}(:|$)`),
    );
    expect(book.worksheets.map((ws) => ws.name)).toContain('Controls');
  });

  it('writes a JSON report that validates against its documented schema (docs/report.schema.json)', async () => {
    const { bytes } = await reportFile('json');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(__dirname, '../../../docs/report.schema.json'), 'utf8')),
    );
    const doc = JSON.parse(bytes.toString('utf8')) as {
      schema: string;
      draft: boolean;
      summary: { rating: string };
    };
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc).toMatchObject({
      schema: 'aup-audit-report/1',
      draft: false,
      summary: { rating: await scoredRating() },
    });
  });

  it('exits 2 naming the problem for an unknown format or a bad answers file', async () => {
    const bad = await run(['report', fixture, '--format', 'docx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toMatch(/--format must be one of pdf, xlsx, csv, json, oscal/);
    const invalid = await run([
      'report',
      join(__dirname, '../../../test/fixtures/answers/not-ok/bad-option.yaml'),
      '--format',
      'json',
      '--out',
      mkdtempSync(join(tmpdir(), 'cli-report-')),
    ]);
    expect(invalid.code).toBe(2);
  });
});
