import {
  evaluateAudit,
  resolveCitations,
  RESULT_FORMAT,
  UnknownResultFormatError,
  upgradeAuditResult,
  type AuditResult,
} from '@aup/domain';
import { answerFixtures, fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';
import { format1FixtureMixed, normalisationProblems, toFormat1 } from '../../../test/fixtures/results';

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

describe('results document: normalised (format 2)', () => {
  const catalogue = fixtureCatalogue();
  const names = answerFixtures('ok', 'fixture-')
    .map((p) => p.split('/').pop()!)
    .filter((n) => n.endsWith('.yaml'));

  it.each(names)('%s: every cited source is in the map once, and nothing else repeats it', (name) => {
    const { profile, answers } = readAnswers(name);
    const result = evaluateAudit(catalogue, profile, answers);
    expect(result.resultFormat).toBe(RESULT_FORMAT);
    expect(normalisationProblems(result)).toEqual([]);
  });

  it('the check finds a cited id missing from the map, a repeated source object and repeated answers', () => {
    const { profile, answers } = readAnswers('fixture-mixed.yaml');
    const result = evaluateAudit(catalogue, profile, answers);
    const [gap] = result.gaps;
    const { [gap.sourceIds[0]]: dropped, ...fewer } = result.sources;
    expect(normalisationProblems({ ...result, sources: fewer })).toContain(
      `cited source ${dropped.id} is not in the map`,
    );
    const repeated = {
      ...result,
      gaps: [{ ...gap, sources: [dropped] }, ...result.gaps.slice(1)],
    } as unknown as AuditResult;
    expect(normalisationProblems(repeated)).toEqual(
      expect.arrayContaining([
        `the title of ${dropped.id} appears outside the map`,
        `gap ${gap.controlId} repeats answers or sources`,
      ]),
    );
    const spelled = {
      ...result,
      gaps: [{ ...gap, reason: resolveCitations(gap.reason, result.sources) }, ...result.gaps.slice(1)],
    };
    expect(normalisationProblems(spelled)).toContain(
      `gap ${gap.controlId}: its reason does not cite its sources by id`,
    );
  });

  it('a gap reason resolves to the text format 1 stored, titles and years included', () => {
    const { profile, answers } = readAnswers('fixture-mixed.yaml');
    const result = evaluateAudit(catalogue, profile, answers);
    const old = format1FixtureMixed() as { gaps: { reason: string }[] };
    expect(result.gaps.map((g) => resolveCitations(g.reason, result.sources))).toEqual(
      old.gaps.map((g) => g.reason),
    );
  });
});

describe('results document: upgrading format 1', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-mixed.yaml');
  const current = evaluateAudit(catalogue, profile, answers);
  // What format 1 could hold: country coverage and caveats came later and are not invented for old documents.
  const { coverage: _coverage, caveats: _caveats, ...format1Fields } = current;

  it('gives exactly what the engine computes now from the same answers, without changing the stored document', () => {
    const stored = deepFreeze(format1FixtureMixed());
    const before = JSON.stringify(stored);
    expect(upgradeAuditResult(stored, catalogue.sources)).toEqual(format1Fields);
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('needs the catalogue only for sources that format 1 cited by id alone (benchmarks, prevalence)', () => {
    const upgraded = upgradeAuditResult(format1FixtureMixed());
    expect(Object.keys(upgraded.sources).sort()).toEqual(
      [
        ...new Set([
          ...current.gaps.flatMap((g) => g.sourceIds),
          ...current.obligations.flatMap((o) => o.sourceIds),
        ]),
      ].sort(),
    );
    expect({ ...upgraded, sources: current.sources }).toEqual(format1Fields);
  });

  it('keeps a reason it does not recognise as it was', () => {
    const stored = format1FixtureMixed() as { gaps: { reason: string }[] };
    stored.gaps[0].reason = 'Written by hand.';
    expect(upgradeAuditResult(stored, catalogue.sources).gaps[0].reason).toBe('Written by hand.');
  });

  it('returns a current document as it is and refuses a format it does not know', () => {
    expect(upgradeAuditResult(current)).toBe(current);
    expect(() => upgradeAuditResult({ ...current, resultFormat: RESULT_FORMAT + 1 })).toThrow(
      UnknownResultFormatError,
    );
  });

  it('the format 1 writer used by the api tests reproduces the stored format 1 fixture', () => {
    expect(toFormat1(current)).toEqual(format1FixtureMixed());
  });
});
