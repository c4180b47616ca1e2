import { catalogueIndex, validateAnswer, type Catalogue } from '@aup/domain';
import { loadFramework, resolvePoliciesDir } from '@aup/policies';

const dir = resolvePoliciesDir();
const v100: Catalogue = loadFramework(dir, 'workplace-csam-readiness', '1.0.0');
const v110: Catalogue = loadFramework(dir, 'workplace-csam-readiness', '1.1.0');
const controls = (c: Catalogue) => c.domains.flatMap((d) => d.controls);
const control = (c: Catalogue, id: string) => controls(c).find((x) => x.id === id)!;
const sourceIds = (c: Catalogue) => new Set(c.sources.map((s) => s.id));

describe('framework 1.1.0: the controls added from the source reports', () => {
  it.each([
    ['TEC-11', 'high', false],
    ['TEC-12', 'high', false],
    ['PPL-07', 'medium', false],
    ['GOV-09', 'high', true],
    ['REP-10', 'critical', true],
    ['REP-11', 'critical', true],
  ] as const)('%s is %s, cites known sources and has a condition: %s', (id, criticality, conditional) => {
    const c = control(v110, id);
    expect(c.criticality).toBe(criticality);
    expect(c.sources.length).toBeGreaterThan(0);
    expect(c.sources.filter((s) => !sourceIds(v110).has(s))).toEqual([]);
    expect(c.questions.flatMap((q) => q.helpSources).filter((s) => !sourceIds(v110).has(s))).toEqual([]);
    expect(c.appliesIf !== undefined).toBe(conditional);
    expect(controls(v100).map((x) => x.id)).not.toContain(id);
  });

  it("REP-10 and REP-11 rest on law in force; REP-10's question about the not-yet-commenced duty is for counsel and never caps", () => {
    expect(control(v110, 'REP-10').lawInForceIf).toBe(true);
    expect(control(v110, 'REP-11').lawInForceIf).toBe(true);
    expect(control(v110, 'REP-10').questions.find((q) => q.id === 'REP-10-Q2')?.counsel).toBe(true);
  });

  it('has the 56 controls of 1.0.0 plus the six added; 1.0.0 keeps its ids, questions and options', () => {
    expect(controls(v110)).toHaveLength(62);
    expect(controls(v100)).toHaveLength(56);
    const q110 = catalogueIndex(v110).questions;
    for (const q of catalogueIndex(v100).questions.values()) {
      const next = q110.get(q.id);
      expect(next).toBeDefined();
      expect(next!.options?.map((o) => o.value)).toEqual(q.options?.map((o) => o.value));
    }
  });

  it('GOV-05 (DPIA) applies only where the GDPR or UK GDPR reaches; a missing legal definition does not fail POL-01', () => {
    expect(control(v110, 'GOV-05').appliesIf).toEqual({
      and: [{ var: 'monitoring_in_use' }, { var: 'gdpr_presence' }],
    });
    const named = control(v110, 'POL-01').questions[0].options!.find((o) => o.value === 'named')!;
    expect(named.score! >= control(v110, 'POL-01').target).toBe(true);
  });

  it('every 1.0.0 answer value stays valid in 1.1.0, so a new audit from a 1.0.0 audit keeps its answers', () => {
    const q110 = catalogueIndex(v110).questions;
    for (const q of catalogueIndex(v100).questions.values()) {
      for (const o of q.options ?? []) {
        const value = q.type === 'multi_choice' ? [o.value] : o.value;
        const answer =
          o.na || o.alternative ? { value, justification: 'Kept from the previous audit.' } : { value };
        expect(`${q.id}=${o.value}: ${validateAnswer(q110.get(q.id)!, answer).length}`).toBe(
          `${q.id}=${o.value}: 0`,
        );
      }
    }
  });
});

describe('framework 1.1.0: the acceptable-use policy clauses and the action plan', () => {
  const clause = (id: string) => v110.clauses.find((c) => c.id === id)!;

  it.each([
    [
      'prohibition, personal devices used for work included',
      'aup-scope',
      /personal devices whenever they are used for\s+work/,
    ],
    ['monitoring and detection notice', 'aup-monitoring-notice', /filters web access/],
    ['what to do and not do on a find', 'aup-if-you-encounter', /turn\s+the display off or lock the screen/],
    ['reporting to police', 'aup-reporting-commitment', /reports all suspected child sexual abuse material/],
    ['consequences', 'aup-consequences', /disciplinary action/],
    ['privacy and works-council basis', 'aup-privacy-basis', /legal basis/],
    [
      'signposting for staff worried about their own thoughts',
      'aup-prevention-help',
      /worried about your own sexual thoughts/,
    ],
    ['no exemption for executives or IT', 'aup-no-exemptions', /executives, IT administrators/],
  ])('covers %s (%s), with sources', (_topic, id, wording) => {
    expect(clause(id).text).toMatch(wording);
    expect(clause(id).sources.length).toBeGreaterThan(0);
  });

  it('compiles conditions and variants in camelCase, each variant with its own condition', () => {
    expect(clause('aup-privacy-basis').appliesIf).toEqual({ var: 'monitoring_in_use' });
    const variants = clause('aup-reporting-commitment').variants!;
    expect(variants.map((v) => v.id)).toEqual([
      'personal-duty-canada',
      'personal-duty-nsw',
      'personal-duty-india',
      'personal-duty-south-africa',
      'safeguarding-england',
    ]);
    expect(variants.every((v) => v.appliesIf !== undefined && v.text.length > 0)).toBe(true);
  });

  it('the action plan runs contain, isolate, preserve, decide and report, HR hold, welfare, communications, lessons learned, each with an owner', () => {
    expect(v110.actionPlan.map((s) => s.id)).toEqual([
      'contain',
      'isolate',
      'preserve',
      'triage',
      'report',
      'hr-hold',
      'welfare',
      'communications',
      'review',
    ]);
    expect(v110.actionPlan.every((s) => !!s.ownerRole && s.sources.length > 0)).toBe(true);
    expect(v110.actionPlan.find((s) => s.id === 'contain')!.actions[0]).toMatch(
      /turns the display off or locks the screen/,
    );
  });
});
