import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';

/** Reads reports as a person would, with the tools they would use: pdftotext, LibreOffice, a CSV parser, NIST's schemas. */

function inTempDir<T>(name: string, bytes: Buffer, fn: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'report-check-'));
  try {
    writeFileSync(join(dir, name), bytes);
    return fn(dir, join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text by page (poppler's pdftotext). */
export const pdfPages = (bytes: Buffer): string[] =>
  inTempDir('r.pdf', bytes, (_d, f) =>
    execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).split('\f'),
  );

/**
 * The PDF's text as one line: whitespace collapsed, and a word the layout broke after a hyphen ("need-to-"
 * at the end of one line, "know" on the next) joined again, so a check does not depend on where lines wrap.
 */
export const pdfText = (bytes: Buffer): string =>
  pdfPages(bytes)
    .join(' ')
    .replace(/(\S)-[ \t]*\n\s*(?=\S)/g, '$1-')
    .replace(/\s+/g, ' ');

export const pdfFonts = (bytes: Buffer): string =>
  inTempDir('r.pdf', bytes, (_d, f) => execFileSync('pdffonts', [f], { encoding: 'utf8' }));

/** One sheet of a workbook as LibreOffice Calc opens it, converted to CSV (sheet numbers start at 1). */
export function xlsxSheetRows(bytes: Buffer, sheet: number): string[][] {
  return inTempDir('r.xlsx', bytes, (dir, f) => {
    // A profile directory of its own, so parallel runs of LibreOffice never share one.
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheet}`,
        '--outdir',
        dir,
        f,
      ],
      {
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    // LibreOffice names the file after the sheet it wrote (r-Controls.csv).
    const out = readdirSync(dir).find((n) => n.endsWith('.csv'));
    if (!out) throw new Error(`LibreOffice wrote no CSV for sheet ${sheet}`);
    return parseCsv(readFileSync(join(dir, out)));
  });
}

/** RFC 4180 parsing with a standard parser (csv-parse), strict about quotes and column counts. */
export const parseCsv = (bytes: Buffer): string[][] =>
  parse(bytes, { bom: true, relax_quotes: false, relax_column_count: false }) as string[][];

/** NIST's OSCAL 1.1.2 schemas, read where they are kept beside the project (`../shared/oscal`), never copied into it. */
export function oscalSchemaDir(): string {
  const candidates = [
    process.env.OSCAL_SCHEMA_DIR,
    resolve(__dirname, '../../../shared/oscal/1.1.2'),
    resolve(__dirname, '../../../../shared/oscal/1.1.2'),
  ].filter((d): d is string => Boolean(d));
  const found = candidates.find((d) => existsSync(join(d, 'oscal_catalog_schema.json')));
  if (!found)
    throw new Error(
      `OSCAL 1.1.2 schemas not found (looked in ${candidates.join(', ')}); set OSCAL_SCHEMA_DIR`,
    );
  return found;
}

const validators = new Map<string, ValidateFunction>();
export function oscalValidator(model: 'catalog' | 'assessment-results' | 'poam'): ValidateFunction {
  if (!validators.has(model)) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validators.set(
      model,
      ajv.compile(JSON.parse(readFileSync(join(oscalSchemaDir(), `oscal_${model}_schema.json`), 'utf8'))),
    );
  }
  return validators.get(model)!;
}
