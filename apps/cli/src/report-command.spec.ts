import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
