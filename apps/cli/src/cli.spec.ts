import { basename, join } from 'node:path';
import { resolvePoliciesDir } from '@aup/policies';
import {
  answerFixtures,
  answersFixture,
  expectedAnswerMessage,
  OK_POLICIES,
} from '../../../test/fixtures/policies';
import { runCli } from './cli';

function run(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runCli(argv, { print: (l) => stdout.push(l), error: (l) => stderr.push(l) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** Exit code 2 (bad usage) with `message` on stderr. */
function expectUsageError(result: ReturnType<typeof run>, message: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
}

describe('audit score', () => {
  it('prints rating, domains, gaps, obligations and the plan for a valid file (exit 0)', () => {
    const res = run('score', answersFixture('ok', 'fixture-mixed.yaml'), '--policies', OK_POLICIES);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Not legal advice.');
    // Formula aup-score/2: POL-01 is critical but rests on no law in force, so it holds the rating at amber at
    // best; the rating is red on the score itself.
    expect(res.stdout).toContain(
      'Rating     RED: overall 47.07 is below 50; critical control POL-01 below target',
    );
    expect(res.stdout).toContain(
      'AMBER POL-01 The AUP names CSAM explicitly: POL-01 is critical and scores 33 against a target of 75',
    );
    expect(res.stdout).toMatch(/POL\s+Acceptable use policy/);
    expect(res.stdout).toContain('Top gaps (4 of 4)');
    // Reasons cite sources by id in the document; the text spells out each one's title and year.
    expect(res.stdout).toContain(
      'POL-01-Q1 answered "A draft does" (33). Sources: N2 Workplace findings report (2019).',
    );
    expect(res.stdout).not.toMatch(/\[N\d\]/);
    expect(res.stdout).toContain('Providers report apparent material to the national hotline');
    expect(res.stdout).toContain('Remediation (');
  });

  it('gives the same result for the YAML and the JSON form of one file', () => {
    const yaml = run(
      'score',
      answersFixture('ok', 'fixture-mixed.yaml'),
      '--policies',
      OK_POLICIES,
      '--format',
      'json',
    );
    const json = run(
      'score',
      answersFixture('ok', 'fixture-mixed.json'),
      '--policies',
      OK_POLICIES,
      '--format=json',
    );
    expect(yaml.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(yaml.stdout));
    expect(JSON.parse(yaml.stdout)).toMatchObject({
      resultFormat: 2,
      formulaVersion: 'aup-score/2',
      framework: { id: 'fixture-readiness', version: '1.0.0' },
      sources: { N2: { id: 'N2', title: 'Workplace findings report' } },
    });
  });

  it('lists every country of operation, those without content as not covered, and the caveats', () => {
    const res = run('score', answersFixture('ok', 'fixture-mixed.yaml'), '--policies', OK_POLICIES);
    expect(res.stdout).toMatch(/Countries\n {2}US {2}United States: covered/);
    expect(res.stdout).toContain('Caveats');
  });

  it('lists the United Kingdom as partly covered for staff in Northern Ireland, naming it in the caveats', () => {
    const policies = resolvePoliciesDir();
    const res = run(
      'score',
      join(policies, 'examples', 'northern-ireland-engineering-firm.yaml'),
      '--policies',
      policies,
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /Countries\n {2}GB {2}United Kingdom: partly covered \(.+\); the law specific to Northern Ireland is not covered: confirm locally with counsel\./,
    );
    expect(res.stdout).toContain(
      'Countries whose law is not (fully) covered here, confirm locally with counsel: United Kingdom (Northern Ireland).',
    );
  });

  it('accepts --framework to pick the version explicitly', () => {
    expect(
      run(
        'score',
        answersFixture('ok', 'fixture-all-yes.yaml'),
        '--policies',
        OK_POLICIES,
        '--framework',
        'fixture-readiness@1.0.0',
      ).stdout,
    ).toContain('Rating     GREEN');
  });

  it.each(answerFixtures('not-ok').map((p) => [basename(p), p]))(
    'exits 2 naming the problem: %s',
    (_name, path) => {
      const res = run('score', path, '--policies', OK_POLICIES);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(expectedAnswerMessage(path));
    },
  );

  it('exits 2 for a file that does not exist, an unknown framework option and bad options', () => {
    expectUsageError(
      run('score', 'no-such-file.yaml', '--policies', OK_POLICIES),
      'no-such-file.yaml: no such file',
    );
    expectUsageError(
      run(
        'score',
        answersFixture('ok', 'fixture-all-yes.yaml'),
        '--policies',
        OK_POLICIES,
        '--framework',
        'fixture-readiness@9.9.9',
      ),
      "unknown framework 'fixture-readiness@9.9.9' (available: fixture-readiness@1.0.0)",
    );
    expectUsageError(
      run('score', answersFixture('ok', 'fixture-all-yes.yaml'), '--format', 'xml'),
      '--format must be text or json',
    );
    expectUsageError(run('score', '--verbose'), 'unknown option --verbose');
    expectUsageError(run('frobnicate'), "unknown command 'frobnicate'");
    expectUsageError(run(), 'usage:');
  });
});

describe('audit check', () => {
  it('exits 0 and prints the content hash for valid policies', () => {
    const res = run('check', '--policies', OK_POLICIES);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^ok fixture-readiness@1\.0\.0 sha256:[0-9a-f]{64}$/m);
  });
});
