import { sampleReportInput } from '../../../../test/fixtures/reports/sample-report';
import { buildReportContent } from './report-content';
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

  it('names countries of the profile that no jurisdiction covers (India here), and obligations per jurisdiction', () => {
    expect(content.countriesNotCovered).toEqual(['India']);
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
