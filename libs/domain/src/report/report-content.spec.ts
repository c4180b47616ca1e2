import { sampleReportInput } from '../../../../test/fixtures/reports/sample-report';
import { buildReportContent, OWNER_ROLE_LABEL } from './report-content';
import { canMoveReport, mayUseReports, reportFileName } from './report-rules';

describe('report content', () => {
  const { snapshot, catalogue, context } = sampleReportInput('multinational-12000');
  const content = buildReportContent(snapshot, catalogue, context);

  it('numbers every cited source once, in the order a reader meets them, and cites only those numbers', () => {
    const ids = content.sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(content.sources.map((s) => s.number)).toEqual(ids.map((_, i) => i + 1));
    const cited = [
      ...JSON.stringify({
        gaps: content.gaps,
        summary: content.summary,
        jurisdictions: content.jurisdictions,
      }).matchAll(/\[(\d+)\]/g),
    ].map((m) => Number(m[1]));
    expect(cited.every((n) => n >= 1 && n <= content.sources.length)).toBe(true);
    // The first gap's sources come before the obligations' own.
    expect(Math.min(...content.gaps[0].sourceNumbers)).toBeLessThan(
      Math.max(...content.jurisdictions.flatMap((j) => j.obligations.flatMap((o) => o.sourceNumbers))),
    );
  });

  it('puts at most five actions on the summary, in plan order, with owners and due dates from the snapshot date', () => {
    expect(content.summary.topActions).toEqual(content.remediation.slice(0, 5));
    const first = content.remediation[0];
    const days = snapshot.result.remediation.items[0].targetDays;
    expect(first.dueDate).toBe(
      new Date(Date.parse(context.snapshotTakenAt) + days * 86_400_000).toISOString().slice(0, 10),
    );
  });

  it('names countries of the profile the content does not fully cover, with the caveats the results compute', () => {
    expect(content.coverage.map((c) => c.country)).toEqual(snapshot.profile.countries);
    const notFully = content.coverage.filter((c) => c.status !== 'covered');
    expect(notFully.map((c) => c.name)).toContain('India');
    expect(content.countriesNotCovered).toEqual(notFully.map((c) => c.name));
    expect(content.coverage.find((c) => c.country === 'IN')?.text).toMatch(
      /not covered: confirm locally with counsel/,
    );
    expect(content.caveats).toEqual(snapshot.result.caveats);
    expect(content.caveats[0]).toMatch(/^Not legal advice/);
    expect(content.caveats.some((c) => c.includes('India'))).toBe(true);
    // A snapshot stored before coverage and caveats were computed gets the same, derived from the catalogue.
    const { coverage: _c, caveats: _v, ...older } = snapshot.result;
    const fromOlder = buildReportContent({ ...snapshot, result: older }, catalogue, context);
    expect(fromOlder.coverage).toEqual(content.coverage);
    expect(fromOlder.caveats).toEqual(content.caveats);
  });

  it('obligations per jurisdiction', () => {
    expect(content.jurisdictions.map((j) => j.name)).toEqual([
      ...new Set(snapshot.result.obligations.map((o) => o.jurisdictionName)),
    ]);
    expect(content.notLegalAdvice).toMatch(/^Not legal advice/);
  });

  it('reports the trend against the previous audit and lists every visible answer by section', () => {
    expect(content.summary.trend?.text).toMatch(/^(Up|Down) [\d.]+ points since the previous audit/);
    const visible = snapshot.result.controls.flatMap((c) => c.questions.map((q) => q.questionId)).sort();
    expect(content.answers.flatMap((s) => s.questions.map((q) => q.questionId)).sort()).toEqual(visible);
  });
});

describe('report content: survey benchmarks compare like with like', () => {
  it('gives a 40-person employer no survey figure, cites none of their sources, and says which populations were surveyed', () => {
    const { snapshot, catalogue, context } = sampleReportInput('empty-employer-40');
    const content = buildReportContent(snapshot, catalogue, context);
    const benchmarkSources = new Set(snapshot.result.benchmarks.flatMap((b) => b.sourceIds));
    const otherSources = new Set([
      ...snapshot.result.gaps.flatMap((g) => g.sourceIds),
      ...snapshot.result.obligations.flatMap((o) => o.sourceIds),
      ...snapshot.result.prevalence.sourceIds,
    ]);
    expect(content.summary.benchmarks).toEqual([]);
    expect(content.summary.benchmarksNotComparable.map((b) => b.label)).toEqual(
      snapshot.result.benchmarks.map((b) => b.label),
    );
    for (const b of content.summary.benchmarksNotComparable)
      expect(b.text).toMatch(/no comparable survey figure/);
    const cited = new Set(content.sources.map((s) => s.id));
    for (const id of benchmarkSources) if (!otherSources.has(id)) expect(cited.has(id)).toBe(false);
  });

  it('keeps the comparable figures of a large multinational, with the status each is read from', () => {
    const { snapshot, catalogue, context } = sampleReportInput('multinational-12000');
    const content = buildReportContent(snapshot, catalogue, context);
    expect(content.summary.benchmarks.length).toBeGreaterThan(0);
    expect(content.summary.benchmarks.map((b) => b.status)).not.toContain('no_comparable');
    expect(content.summary.prevalence.caution).toEqual(snapshot.result.prevalence.caution ?? null);
  });
});

describe('report content: tracked remediation and the trail anchor', () => {
  const { snapshot, catalogue, context } = sampleReportInput('multinational-12000');
  const content = buildReportContent(snapshot, catalogue, context);
  const [first, second] = snapshot.result.remediation.items;

  it('shows the tracked item of each gap: status, owner (a name, else the role), due date, verifying audit', () => {
    expect(content.tracking?.items).toHaveLength(2);
    const gap = content.gaps.find((g) => g.controlId === first.controlIds[0])!;
    expect(gap.tracking).toMatchObject({
      title: first.title,
      status: 'in_progress',
      statusLabel: 'In progress',
      owner: 'Dana Reyes',
      dueDate: '2027-01-15',
      verifiedBy: null,
    });
    const verified = content.gaps.find((g) => g.controlId === second.controlIds[0])!;
    expect(verified.tracking).toMatchObject({ status: 'verified', verifiedBy: 'CSAM readiness 2027' });
    expect(verified.tracking?.owner).toBe(OWNER_ROLE_LABEL[second.ownerRole]);
    const untracked = content.gaps.filter(
      (g) => ![...first.controlIds, ...second.controlIds].includes(g.controlId),
    );
    expect(untracked.length).toBeGreaterThan(0);
    expect(untracked.every((g) => g.tracking === null)).toBe(true);
    expect(content.controls.filter((c) => !c.gap).every((c) => c.tracking === null)).toBe(true);
    expect(content.remediation[0].tracking?.status).toBe('in_progress');
    expect(content.summary.topActions[0].tracking?.owner).toBe('Dana Reyes');
  });

  it('says when tracking was not read (offline, or an older request), rather than showing nothing as untracked', () => {
    const offline = sampleReportInput('multinational-12000', { tracking: false });
    const c = buildReportContent(offline.snapshot, offline.catalogue, offline.context);
    expect(c.tracking).toBeNull();
    expect(c.gaps.every((g) => g.tracking === null)).toBe(true);
  });

  it('carries the trail anchor sealed into the snapshot and how to verify it; a draft has none', () => {
    expect(content.trailAnchor).toMatchObject({ seq: 117, hash: 'c'.repeat(64) });
    expect(content.trailAnchor?.howToVerify).toContain('event 117');
    expect(content.trailAnchor?.howToVerify).toMatch(/audit-trail\/verify/);
    const draft = sampleReportInput('multinational-12000', { draft: true });
    expect(buildReportContent(draft.snapshot, draft.catalogue, draft.context).trailAnchor).toBeNull();
  });
});

describe('report rules', () => {
  it('lets respondents use reports only when the organisation allows it', () => {
    expect(mayUseReports('auditor', { respondentsRequestReports: false })).toBe(true);
    expect(mayUseReports('compliance_officer', { respondentsRequestReports: false })).toBe(true);
    expect(mayUseReports('respondent', { respondentsRequestReports: false })).toBe(false);
    expect(mayUseReports('respondent', { respondentsRequestReports: true })).toBe(true);
  });

  it('retries only a failed report; the worker never moves a finished one', () => {
    expect(canMoveReport('failed', 'queued', 'requester')).toBe(true);
    expect(canMoveReport('done', 'queued', 'requester')).toBe(false);
    expect(canMoveReport('done', 'running', 'worker')).toBe(false);
    expect(canMoveReport('running', 'running', 'worker')).toBe(true);
  });

  it('builds ASCII file names from organisation, audit, date and kind', () => {
    expect(
      reportFileName({
        organisation: 'Müller & Söhne GmbH',
        audit: 'Prüfung 2026/27',
        date: '2026-12-04T10:00:00Z',
        format: 'oscal-poam',
        draft: true,
      }),
    ).toBe('Muller-Sohne-GmbH_Prufung-2026-27_2026-12-04_oscal-poam_DRAFT.json');
  });
});
