import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '@aup/domain';
import { loadFramework, repoRoot, resolvePoliciesDir } from '@aup/policies';

// Cross-reference ids checked against the standards themselves (ISO/IEC 27001:2022 Annex A titles, NIST's
// CSF 2.0 catalogue, CIS Controls v8 assessment specification). Anything else must say verified: false.
const VERIFIED_XREFS: Readonly<Record<string, ReadonlySet<string>>> = {
  'iso27001-2022': new Set(
    [
      '5.1',
      '5.2',
      '5.4',
      '5.5',
      '5.6',
      '5.10',
      '5.11',
      '5.14',
      '5.15',
      '5.19',
      '5.20',
      '5.23',
      '5.24',
      '5.25',
      '5.26',
      '5.27',
      '5.28',
      '5.31',
      '5.33',
      '5.34',
      '5.35',
      '5.36',
      '6.2',
      '6.3',
      '6.4',
      '6.7',
      '6.8',
      '7.9',
      '7.10',
      '8.1',
      '8.2',
      '8.7',
      '8.12',
      '8.15',
      '8.16',
      '8.17',
      '8.20',
      '8.23',
    ].map((id) => `A.${id}`),
  ),
  'nist-csf-2.0': new Set([
    'GV.OC-01',
    'GV.OC-02',
    'GV.OC-03',
    'GV.RM-01',
    'GV.RR-01',
    'GV.RR-02',
    'GV.RR-04',
    'GV.PO-01',
    'GV.PO-02',
    'GV.OV-01',
    'GV.OV-02',
    'GV.OV-03',
    'GV.SC-05',
    'ID.RA-05',
    'ID.IM-01',
    'ID.IM-02',
    'ID.IM-03',
    'ID.IM-04',
    'PR.AA-05',
    'PR.AT-01',
    'PR.AT-02',
    'PR.DS-01',
    'PR.PS-01',
    'PR.PS-04',
    'PR.IR-01',
    'DE.CM-01',
    'DE.CM-03',
    'DE.CM-09',
    'DE.AE-02',
    'DE.AE-08',
    'RS.MA-01',
    'RS.MA-02',
    'RS.MA-03',
    'RS.AN-06',
    'RS.AN-07',
    'RS.CO-02',
    'RS.CO-03',
    'RS.MI-01',
  ]),
  'cis-v8': new Set([
    '3.3',
    '3.4',
    '4.1',
    '6.8',
    '8.2',
    '8.7',
    '8.10',
    '9.2',
    '9.3',
    '10.1',
    '10.2',
    '10.3',
    '10.4',
    '13.2',
    '14.1',
    '14.6',
    '14.9',
    '15.4',
    '17.1',
    '17.2',
    '17.3',
    '17.4',
    '17.5',
    '17.6',
    '17.7',
    '17.8',
    '17.9',
  ]),
};

// The draft catalogue the framework was written from: 59 controls in 8 domains.
const DRAFT_CATALOGUE: Readonly<Record<string, number>> = {
  GOV: 8,
  POL: 6,
  PPL: 6,
  TEC: 10,
  IRP: 9,
  EVD: 6,
  REP: 9,
  MES: 5,
};

function citations(catalogue: Catalogue): { where: string; id: string }[] {
  const out: { where: string; id: string }[] = [];
  const cite = (where: string, ids: readonly string[]) => ids.forEach((id) => out.push({ where, id }));
  for (const d of catalogue.domains) {
    for (const c of d.controls) {
      cite(c.id, c.sources);
      for (const q of c.questions) cite(q.id, q.helpSources);
    }
  }
  for (const j of catalogue.jurisdictions) for (const o of j.obligations) cite(o.id, o.sources);
  for (const b of catalogue.benchmarks) cite(`benchmark ${b.id}`, b.sources);
  cite('prevalence', catalogue.prevalence.sources);
  for (const c of catalogue.clauses) cite(`clause ${c.id}`, c.sources);
  for (const s of catalogue.actionPlan) cite(`action plan ${s.id}`, s.sources);
  return out;
}

describe('content: sources and cross-references', () => {
  const catalogue = loadFramework(resolvePoliciesDir(), 'workplace-csam-readiness', '1.0.0');
  const sources = new Map(catalogue.sources.map((s) => [s.id, s]));
  const controls = catalogue.domains.flatMap((d) => d.controls);

  it('has the eight domains', () => {
    expect(catalogue.domains.map((d) => d.id)).toEqual(Object.keys(DRAFT_CATALOGUE));
  });

  it('gives every control at least one source, and every question a "why this matters" with a source', () => {
    expect(controls.filter((c) => c.sources.length === 0).map((c) => c.id)).toEqual([]);
    const questions = controls.flatMap((c) => c.questions);
    expect(questions.filter((q) => !q.help || q.helpSources.length === 0).map((q) => q.id)).toEqual([]);
  });

  it('resolves every cited source id in sources.yaml', () => {
    const unresolved = citations(catalogue).filter((c) => !sources.has(c.id));
    expect(unresolved).toEqual([]);
  });

  it('catches an unknown source id (the check is not vacuous)', () => {
    const broken = {
      ...catalogue,
      clauses: [...catalogue.clauses, { ...catalogue.clauses[0], id: 'probe', sources: ['NO-SUCH-SOURCE'] }],
    };
    expect(citations(broken).filter((c) => !sources.has(c.id))).toEqual([
      { where: 'clause probe', id: 'NO-SUCH-SOURCE' },
    ]);
  });

  it('keeps every obligation that rests on an unverified source marked unverified or for counsel to confirm', () => {
    const unmarked = catalogue.jurisdictions
      .flatMap((j) => j.obligations)
      .filter((o) => o.sources.some((id) => sources.get(id)?.status === 'unverified'))
      .filter((o) => o.status !== 'unverified' && !o.counselMustConfirm)
      .map((o) => o.id);
    expect(unmarked).toEqual([]);
  });

  it('cites standards only by ids that exist, or marks the cross-reference unverified', () => {
    const unchecked = controls.flatMap((c) =>
      c.xrefs
        .filter((x) => x.verified && !VERIFIED_XREFS[x.framework]?.has(x.id))
        .map((x) => `${c.id} ${x.framework} ${x.id}`),
    );
    expect(unchecked).toEqual([]);
  });

  it('accounts for every draft control: kept with its id, or merged or dropped with a reason in docs/CONTENT.md', () => {
    const kept = new Set(controls.map((c) => c.id));
    const guide = readFileSync(join(repoRoot(), 'docs', 'CONTENT.md'), 'utf8');
    const accounted = new Set(
      [...guide.matchAll(/^\| ([A-Z]{3}-\d{2}) \| (merged into [A-Z]{3}-\d{2}|dropped) \| .{20,}\|$/gm)].map(
        (m) => m[1],
      ),
    );
    const draft = Object.entries(DRAFT_CATALOGUE).flatMap(([domain, n]) =>
      Array.from({ length: n }, (_, i) => `${domain}-${String(i + 1).padStart(2, '0')}`),
    );
    expect(draft.filter((id) => !kept.has(id) && !accounted.has(id))).toEqual([]);
    expect([...accounted].filter((id) => kept.has(id))).toEqual([]);
  });
});
