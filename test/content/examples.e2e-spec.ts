import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  evaluateAudit,
  validateAnswers,
  validateProfile,
  type Answers,
  type AuditResult,
  type Profile,
} from '@aup/domain';
import { loadFrameworkRef, resolvePoliciesDir } from '@aup/policies';

/** Scores one of the reference organisations in policies/examples against the framework it names. */
function example(name: string): { profile: Profile; result: AuditResult } {
  const doc = parse(readFileSync(join(resolvePoliciesDir(), 'examples', name), 'utf8')) as {
    framework: string;
    profile: Profile;
    answers: Answers;
  };
  expect(doc.framework).toBe('workplace-csam-readiness@1.1.0');
  const catalogue = loadFrameworkRef(resolvePoliciesDir(), doc.framework);
  expect(validateProfile(catalogue, doc.profile)).toEqual([]);
  expect(validateAnswers(catalogue, doc.answers)).toEqual([]);
  const result = evaluateAudit(catalogue, doc.profile, doc.answers);
  expect(result.invalidAnswers).toEqual([]);
  expect(result.answeredPct).toBe(100);
  return { profile: doc.profile, result };
}
const ids = (r: AuditResult) => r.obligations.map((o) => o.id);
const top = (r: AuditResult, n: number) => r.gaps.slice(0, n).map((g) => g.controlId);

describe('example: a German manufacturer with a works council', () => {
  const { result } = example('de-works-council-manufacturer.yaml');

  it('gets German and EU obligations, the works council among them, and Germany is covered', () => {
    expect(ids(result)).toEqual(
      expect.arrayContaining([
        'DE-STGB-184B',
        'DE-NO-EMPLOYER-DUTY',
        'DE-WORKS-COUNCIL',
        'DE-EMPLOYEE-DATA',
        'DE-DISMISSAL-TIMING',
        'EU-GDPR-MONITORING',
      ]),
    );
    expect(ids(result)).not.toContain('DE-DSA-18');
    expect(result.coverage).toEqual([expect.objectContaining({ country: 'DE', status: 'covered' })]);
  });

  it('is green without a cap, with the executive exemption, signposting, detection and the works agreement as its gaps', () => {
    expect(result.rating).toBe('green');
    expect(result.caps).toEqual([]);
    expect(top(result, 4)).toEqual(['TEC-12', 'PPL-07', 'TEC-03', 'GOV-06']);
  });

  it('is not compared with a survey of US businesses', () => {
    expect(result.benchmarks.every((b) => b.status === 'no_comparable')).toBe(true);
  });
});

describe('example: a Norwegian-Indian software firm', () => {
  const { result } = example('no-in-software-firm.yaml');

  it('gets Norwegian and Indian obligations (it got none before), both countries covered', () => {
    expect(ids(result)).toEqual([
      'NO-STRL-311',
      'NO-STRL-196',
      'NO-MONITORING',
      'IN-POCSO-19',
      'IN-POCSO-15',
    ]);
    expect(result.coverage!.map((c) => [c.country, c.status])).toEqual([
      ['NO', 'covered'],
      ['IN', 'covered'],
    ]);
  });

  it('is red because the personal reporting duty in India (a law in force) is "Don\'t know"; other critical gaps hold at amber', () => {
    expect(result.rating).toBe('red');
    expect(result.caps[0]).toMatchObject({ controlId: 'REP-11', level: 'red' });
    expect(result.caps.slice(1).map((c) => [c.controlId, c.level])).toEqual([
      ['POL-01', 'amber'],
      ['IRP-01', 'amber'],
      ['IRP-04', 'amber'],
    ]);
    expect(top(result, 3)).toEqual(['REP-11', 'IRP-01', 'POL-01']);
  });

  it('has the DPIA control, because the GDPR reaches Norway through the EEA', () => {
    expect(result.controls.find((c) => c.controlId === 'GOV-05')?.status).toBe('scored');
  });
});

describe('example: a South African retailer', () => {
  const { result } = example('za-retailer.yaml');

  it('gets the duty on every person to report to SAPS, and no provider duty despite guest Wi-Fi', () => {
    expect(ids(result)).toEqual(['ZA-FPA-24B', 'ZA-SOA-54', 'ZA-MONITORING']);
    expect(result.obligations.find((o) => o.id === 'ZA-FPA-24B')).toMatchObject({
      binds: 'anyone',
      legalStatus: 'in_force',
    });
  });

  it('is green with no cap, detection its top gap; the DPIA control does not apply outside the GDPR', () => {
    expect(result.rating).toBe('green');
    expect(result.caps).toEqual([]);
    expect(top(result, 1)).toEqual(['TEC-03']);
    expect(result.controls.find((c) => c.controlId === 'GOV-05')?.status).toBe('not_applicable');
    expect(result.controls.find((c) => c.controlId === 'REP-11')?.passes).toBe(true);
  });

  it('does not claim fewer finds than expected without detection', () => {
    expect(result.prevalence.signal).toBe('no_detection');
    expect(result.prevalence.comparison).not.toMatch(/fewer/);
  });
});

describe('example: an English school trust', () => {
  const { result } = example('england-school-trust.yaml');

  it('gets the England duties, UK GDPR and the not-yet-commenced duty to notify, marked as such', () => {
    expect(ids(result)).toEqual([
      'GB-OFFENCES',
      'GB-S46-MOU',
      'GB-CPB-MANDATORY-REPORTING',
      'GB-UKGDPR-MONITORING',
      'GB-DISCLOSE-MINIMUM',
    ]);
    expect(result.obligations.find((o) => o.id === 'GB-CPB-MANDATORY-REPORTING')).toMatchObject({
      legalStatus: 'not_commenced',
      counselMustConfirm: true,
    });
    expect(result.caveats!.some((c) => c.includes('GB-CPB-MANDATORY-REPORTING (not commenced)'))).toBe(true);
  });

  it('is amber: the partly-done safeguarding notifications hold it; the counsel questions about pending law never cap', () => {
    expect(result.rating).toBe('amber');
    expect(result.caps).toEqual([expect.objectContaining({ controlId: 'REP-10', level: 'amber' })]);
    expect(top(result, 2)).toEqual(['REP-10', 'REP-05']);
    expect(result.caps.map((c) => c.controlId)).not.toContain('REP-05');
  });

  it('brings the safeguarding lead into the response group', () => {
    expect(result.controls.find((c) => c.controlId === 'GOV-09')).toMatchObject({
      status: 'scored',
      passes: true,
    });
  });
});

describe('example: a Scottish housing association', () => {
  const { result } = example('scotland-housing-association.yaml');

  it('gets Scots law and UK-wide data protection, and none of the England and Wales statutes', () => {
    expect(ids(result)).toEqual([
      'GB-SCT-OFFENCES',
      'GB-SCT-NO-S46',
      'GB-SCT-NO-DUTY',
      'GB-UKGDPR-MONITORING',
      'GB-DISCLOSE-MINIMUM',
    ]);
    expect(result.coverage).toEqual([expect.objectContaining({ country: 'GB', status: 'covered' })]);
  });

  it('is asked the Scottish question of REP-05, not the section 46 one nor the England-only duty', () => {
    const rep05 = result.controls.find((c) => c.controlId === 'REP-05')!;
    expect(rep05.questions.map((q) => q.questionId)).toEqual(['REP-05-Q4']);
    expect(result.controls.find((c) => c.controlId === 'REP-10')?.status).toBe('not_applicable');
  });

  it('is amber, held by REP-05: routes without the no-copy rule are half done, not a law at 0', () => {
    expect(result.rating).toBe('amber');
    expect(result.caps).toEqual([expect.objectContaining({ controlId: 'REP-05', level: 'amber' })]);
    expect(top(result, 1)).toEqual(['REP-05']);
  });
});

describe('example: an engineering firm in Northern Ireland', () => {
  const { result } = example('northern-ireland-engineering-firm.yaml');

  it('gets only UK-wide law: no England and Wales statute, no Scots law, no England-only duty', () => {
    expect(ids(result)).toEqual(['GB-UKGDPR-MONITORING', 'GB-DISCLOSE-MINIMUM']);
  });

  it('lists the United Kingdom as partly covered, naming Northern Ireland, with the caveat to confirm locally', () => {
    expect(result.coverage).toEqual([
      expect.objectContaining({
        country: 'GB',
        status: 'partly_covered',
        regionsNotCovered: [{ region: 'GB-NIR', name: 'Northern Ireland' }],
      }),
    ]);
    expect(result.coverage![0].text).toMatch(
      /the law specific to Northern Ireland is not covered: confirm locally with counsel\.$/,
    );
    expect(result.caveats).toContain(
      'Countries whose law is not (fully) covered here, confirm locally with counsel: United Kingdom (Northern Ireland).',
    );
  });

  it('is asked to confirm routes and duties for Northern Ireland (REP-06), not the England or Scotland questions', () => {
    expect(result.controls.find((c) => c.controlId === 'REP-06')?.status).toBe('scored');
    // REP-05 applies to the United Kingdom, but none of its questions is for Northern Ireland.
    expect(result.controls.find((c) => c.controlId === 'REP-05')?.status).toBe('not_shown');
    expect(result.controls.find((c) => c.controlId === 'REP-10')?.status).toBe('not_applicable');
  });

  it('is green without a cap: the unconfirmed duties are its top gap', () => {
    expect(result.rating).toBe('green');
    expect(result.caps).toEqual([]);
    expect(top(result, 1)).toEqual(['REP-06']);
  });
});
