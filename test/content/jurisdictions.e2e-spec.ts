import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  applicableObligations,
  catalogueIndex,
  clausesFor,
  countryCoverage,
  type Catalogue,
  type Profile,
} from '@aup/domain';
import { loadFramework, resolvePoliciesDir } from '@aup/policies';

const dir = resolvePoliciesDir();
const latest: Catalogue = loadFramework(dir, 'workplace-csam-readiness', '1.1.0');
const sourceIds = new Set(
  (parse(readFileSync(join(dir, 'sources.yaml'), 'utf8')) as { sources: { id: string }[] }).sources.map(
    (s) => s.id,
  ),
);
const files = readdirSync(join(dir, 'jurisdictions')).filter((f) => f.endsWith('.yaml'));
const today = new Date().toISOString().slice(0, 10);
const employer: Profile = {
  headcount: 500,
  provides_internet_access: false,
  provides_email: false,
  provides_hosting: false,
  provides_messaging: false,
  guest_wifi: false,
  works_council: false,
  monitoring_in_use: false,
  works_with_children: false,
  incident_band: '0',
};
const obligationIds = (profile: Profile) => applicableObligations(latest, profile).map((o) => o.id);

describe.each(files)('jurisdiction %s', (file) => {
  const j = parse(readFileSync(join(dir, 'jurisdictions', file), 'utf8')) as {
    id: string;
    covers?: string[];
    obligations: {
      id: string;
      sources: string[];
      status: string;
      legal_status: string;
      last_reviewed: string;
      valid_until?: string;
      counsel_must_confirm?: boolean;
      notes?: string;
    }[];
  };

  it('is part of the latest framework and says which countries it covers', () => {
    expect(latest.jurisdictions.map((x) => x.id)).toContain(j.id);
    expect(j.covers?.length).toBeGreaterThan(0);
  });

  it('every obligation cites known sources and carries its status, legal status and a review date that is not in the future', () => {
    for (const o of j.obligations) {
      expect(o.sources.filter((s) => !sourceIds.has(s))).toEqual([]);
      expect(['verified', 'secondary', 'unverified']).toContain(o.status);
      expect(['in_force', 'not_commenced', 'proposed', 'lapsed', 'no_duty_found']).toContain(o.legal_status);
      expect(o.last_reviewed <= today).toBe(true);
      if (o.valid_until) expect(o.valid_until >= today).toBe(true);
    }
  });

  it('marks for counsel every obligation that is unverified or not law in force', () => {
    for (const o of j.obligations.filter(
      (x) => x.status === 'unverified' || ['not_commenced', 'proposed', 'lapsed'].includes(x.legal_status),
    )) {
      expect(`${o.id}: ${o.counsel_must_confirm === true || !!o.notes}`).toBe(`${o.id}: true`);
    }
  });
});

describe('content: the law as checked in December 2026', () => {
  const all = latest.jurisdictions.flatMap((j) => j.obligations);
  const byId = (id: string) => all.find((o) => o.id === id)!;

  it('no longer shows the EU derogation as running to 3 April 2026; it carries the date that bounds it', () => {
    const o = byId('EU-INTERIM-REGULATION');
    expect(JSON.stringify(o)).not.toMatch(/runs to 3 April 2026|permitted to 3 April 2026/);
    expect(o).toMatchObject({ validUntil: '2028-04-03', legalStatus: 'in_force', counselMustConfirm: true });
    expect(o.action).toMatch(/lapsed after 3 April 2026/);
  });

  it('shows the UK s.66 duty in force for user-to-user services and the Crime and Policing Act duty as enacted but not commenced', () => {
    expect(byId('GB-OSA-S66')).toMatchObject({ legalStatus: 'in_force' });
    expect(byId('GB-OSA-S66').citation).toContain('SI 2026/268');
    expect(byId('GB-CPB-MANDATORY-REPORTING')).toMatchObject({ legalStatus: 'not_commenced' });
    expect(byId('GB-CPB-MANDATORY-REPORTING').citation).toContain('Crime and Policing Act 2026');
  });

  it('does not tell Canadian employers they are simply outside the law: provincial duties bind everyone', () => {
    expect(byId('CA-EMPLOYER').action).toMatch(/Manitoba, Nova Scotia and Alberta/);
    expect(obligationIds({ ...employer, countries: ['CA'], regions: ['CA-MB'] })).toContain('CA-MB-REPORT');
    expect(obligationIds({ ...employer, countries: ['CA'], regions: ['CA-NS', 'CA-AB'] })).toEqual(
      expect.arrayContaining(['CA-NS-REPORT', 'CA-AB-REPORT']),
    );
    expect(byId('CA-ON-CHILD-PROTECTION')).toMatchObject({ legalStatus: 'no_duty_found' });
  });

  it('states Doe v. XYC as held: investigate and act, not a US duty to report', () => {
    const o = byId('US-EMPLOYER-CIVIL');
    expect(o.action).toMatch(/duty to investigate and to take prompt\s+and effective action/);
    expect(o.notes).toMatch(/did not find the employer liable/);
    expect(o.notes).toMatch(/does not require ordinary employers to report/);
  });
});

describe('content: every country gets its obligations or is listed as not covered', () => {
  it.each([
    ['DE', ['DE-STGB-184B', 'DE-NO-EMPLOYER-DUTY']],
    ['NO', ['NO-STRL-311', 'NO-STRL-196']],
    ['IN', ['IN-POCSO-19', 'IN-POCSO-15']],
    ['ZA', ['ZA-FPA-24B', 'ZA-SOA-54']],
  ])('an ordinary employer only in %s gets its obligations', (country, expected) => {
    expect(obligationIds({ ...employer, countries: [country] })).toEqual(expect.arrayContaining(expected));
  });

  it('Scotland has its own offences and no section 46 protection; UK data protection is separate from the EU GDPR', () => {
    expect(obligationIds({ ...employer, countries: ['GB'], regions: ['GB-SCT'] })).toEqual(
      expect.arrayContaining(['GB-SCT-OFFENCES', 'GB-SCT-NO-S46', 'GB-SCT-NO-DUTY']),
    );
    const gb = obligationIds({ ...employer, countries: ['GB'], monitoring_in_use: true });
    expect(gb).toContain('GB-UKGDPR-MONITORING');
    expect(gb).not.toContain('EU-GDPR-MONITORING');
  });

  describe('UK nations: Scotland gets Scots law and UK-wide law, never the England and Wales statutes', () => {
    const ENGLAND_AND_WALES = ['GB-OFFENCES', 'GB-S46-MOU'];
    const scotland: Profile = {
      ...employer,
      countries: ['GB'],
      regions: ['GB-SCT'],
      monitoring_in_use: true,
    };

    it('a Scotland-only employer gets the Scottish offences and UK GDPR, and no England and Wales statute', () => {
      expect(obligationIds(scotland)).toEqual([
        'GB-SCT-OFFENCES',
        'GB-SCT-NO-S46',
        'GB-SCT-NO-DUTY',
        'GB-UKGDPR-MONITORING',
        'GB-DISCLOSE-MINIMUM',
      ]);
    });

    it('a Scotland-only user-to-user service still reports to the NCA: the Online Safety Act is UK-wide', () => {
      const ids = obligationIds({ ...scotland, provides_messaging: true });
      expect(ids).toContain('GB-OSA-S66');
      for (const id of ENGLAND_AND_WALES) expect(ids).not.toContain(id);
    });

    it('the England-only duty to notify never reaches Scotland or Wales, even for work with children', () => {
      for (const regions of [['GB-SCT'], ['GB-WLS']])
        expect(
          obligationIds({ ...employer, countries: ['GB'], regions, works_with_children: true }),
        ).not.toContain('GB-CPB-MANDATORY-REPORTING');
      expect(
        obligationIds({ ...employer, countries: ['GB'], regions: ['GB-ENG'], works_with_children: true }),
      ).toContain('GB-CPB-MANDATORY-REPORTING');
    });

    it('Wales gets the England and Wales statutes; England and Scotland together get both legal systems', () => {
      expect(obligationIds({ ...employer, countries: ['GB'], regions: ['GB-WLS'] })).toEqual(
        expect.arrayContaining(ENGLAND_AND_WALES),
      );
      const both = obligationIds({ ...employer, countries: ['GB'], regions: ['GB-ENG', 'GB-SCT'] });
      expect(both).toEqual(
        expect.arrayContaining([...ENGLAND_AND_WALES, 'GB-SCT-OFFENCES', 'GB-SCT-NO-S46']),
      );
    });

    it('with no UK nation given, England and Wales law is assumed (as before nations could be chosen)', () => {
      const ids = obligationIds({ ...employer, countries: ['GB'] });
      expect(ids).toEqual(expect.arrayContaining(ENGLAND_AND_WALES));
      expect(ids).not.toContain('GB-SCT-OFFENCES');
    });

    it('Northern Ireland alone gets only UK-wide law, its own criminal law is not covered here', () => {
      const ids = obligationIds({
        ...employer,
        countries: ['GB'],
        regions: ['GB-NIR'],
        monitoring_in_use: true,
      });
      expect(ids).toEqual(['GB-UKGDPR-MONITORING', 'GB-DISCLOSE-MINIMUM']);
    });

    it('Northern Ireland is listed as not fully covered, with the caveat to confirm locally; England and Wales, Scotland are covered', () => {
      const coverage = (regions?: string[]) =>
        countryCoverage(latest, { ...employer, countries: ['GB'], regions })[0];
      for (const regions of [undefined, ['GB-ENG'], ['GB-WLS'], ['GB-SCT'], ['GB-ENG', 'GB-SCT', 'GB-WLS']])
        expect(`${String(regions)}: ${coverage(regions).status}`).toBe(`${String(regions)}: covered`);
      for (const regions of [['GB-NIR'], ['GB-ENG', 'GB-NIR']]) {
        const c = coverage(regions);
        expect(c).toMatchObject({
          status: 'partly_covered',
          regionsNotCovered: [{ region: 'GB-NIR', name: 'Northern Ireland' }],
        });
        expect(c.text).toMatch(/Northern Ireland is not covered: confirm locally with counsel\.$/);
      }
    });

    it('Northern Ireland gets REP-06: its police route and any local duty confirmed by counsel', () => {
      const applies = (regions: string[]) =>
        catalogueIndex(latest)
          .applicability({ ...employer, countries: ['GB'], regions })
          .controls.has('REP-06');
      expect(applies(['GB-NIR'])).toBe(true);
      expect(applies(['GB-ENG'])).toBe(false);
      expect(applies(['GB-SCT'])).toBe(false);
    });

    it('REP-10 (safeguarding notifications) reaches England when no nation is named, and never Scotland or Wales', () => {
      const rep10 = (extra: Profile) => {
        const profile = { ...employer, works_with_children: true, countries: ['GB'], ...extra };
        const { controls, questions } = catalogueIndex(latest).applicability(profile);
        const variants = clausesFor(latest, profile)
          .find((c) => c.clause.id === 'aup-reporting-commitment')!
          .variants.map((v) => v.id);
        return [
          controls.has('REP-10'),
          questions.has('REP-10-Q1'),
          variants.includes('safeguarding-england'),
        ];
      };
      expect(rep10({})).toEqual([true, true, true]);
      expect(rep10({ regions: ['GB-ENG'] })).toEqual([true, true, true]);
      expect(rep10({ regions: ['CA-MB'] })).toEqual([true, true, true]);
      expect(rep10({ regions: ['GB-SCT'] })).toEqual([false, false, false]);
      expect(rep10({ regions: ['GB-WLS'] })).toEqual([false, false, false]);
      expect(rep10({ regions: ['GB-NIR'] })).toEqual([false, false, false]);
      expect(rep10({ works_with_children: false })).toEqual([false, false, false]);
    });

    it('framework 1.0.0 (no UK nations in its profile) keeps the England and Wales obligations', () => {
      const v1 = loadFramework(dir, 'workplace-csam-readiness', '1.0.0');
      const ids = applicableObligations(v1, { ...employer, countries: ['GB'] }).map((o) => o.id);
      expect(ids).toEqual(expect.arrayContaining(ENGLAND_AND_WALES));
    });
  });

  it('a multinational in 18 countries sees all 18: covered, partly covered (EU law only) or not covered', () => {
    const countries = [
      'US',
      'GB',
      'DE',
      'FR',
      'NL',
      'IT',
      'ES',
      'SE',
      'DK',
      'NO',
      'IN',
      'ZA',
      'CA',
      'AU',
      'JP',
      'SG',
      'BR',
      'MX',
    ];
    const coverage = countryCoverage(latest, { ...employer, countries });
    expect(coverage.map((c) => c.country)).toEqual(countries);
    const status = Object.fromEntries(coverage.map((c) => [c.country, c.status]));
    expect(status).toMatchObject({
      FR: 'partly_covered',
      NL: 'partly_covered',
      JP: 'not_covered',
      SG: 'not_covered',
      BR: 'not_covered',
      MX: 'not_covered',
      NO: 'covered',
      ZA: 'covered',
    });
    for (const c of coverage.filter((x) => x.status !== 'covered'))
      expect(c.text).toContain('not covered: confirm locally with counsel');
  });
});
