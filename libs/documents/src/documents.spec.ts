import {
  actionPlanDocument,
  clausesFor,
  policyDocument,
  type ClauseRecord,
  type PolicyDocumentModel,
  type StepRecord,
} from '@aup/domain';
import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import { renderPdf } from './render-pdf';

/** A sentence that tells the reader to handle material: starts with one of these verbs. */
const INSTRUCTION_TO_HANDLE =
  /^(?:please\s+|you\s+should\s+|you\s+must\s+)?(?:copy|move|open|show|view|forward|download|screenshot|save)\b/i;

const sentences = (model: PolicyDocumentModel) =>
  [
    ...model.intro,
    ...model.sections.flatMap((s) => [
      ...s.paragraphs,
      ...s.lists.filter((l) => l.label !== 'Never').flatMap((l) => l.items),
    ]),
  ].flatMap((text) => text.split(/(?<=[.!?:])\s+/).map((s) => s.replace(/^["'(]+/, '').trim()));

describe('policy model documents from the latest templates', () => {
  const catalogue = loadLatestFramework(resolvePoliciesDir());
  const common = { organisation: 'Acme', framework: 'test', date: '2026-12-04', sources: catalogue.sources };
  const profile = { countries: ['GB'], works_council: true };
  const clauseRecords = new Map<string, ClauseRecord & { version: number }>(
    catalogue.clauses.map((c) => [
      c.id,
      {
        clauseId: c.id,
        state: 'adopted',
        variantId: null,
        wording: null,
        documentRef: null,
        reason: null,
        ownerUserId: null,
        lastReviewedOn: null,
        adoptedOn: null,
        version: 1,
      },
    ]),
  );
  const stepRecords = new Map<string, StepRecord & { version: number }>(
    catalogue.actionPlan.map((s, i) => [
      s.id,
      {
        stepId: s.id,
        position: i + 1,
        ownerUserId: 'u1',
        deputyUserId: 'u2',
        contacts: [],
        lastExercisedOn: null,
        version: 1,
      },
    ]),
  );
  const policy = policyDocument({
    ...common,
    clauses: clausesFor(catalogue, profile),
    records: clauseRecords,
  });
  const plan = actionPlanDocument({
    ...common,
    steps: catalogue.actionPlan,
    records: stepRecords,
    reviewedOn: null,
    planVersion: 0,
    memberName: () => 'a member',
  });

  it.each([
    ['policy', policy],
    ['action plan', plan],
  ])('%s: numbered sections, each citing sources that are in the annex', (_name, model) => {
    expect(model.sections.length).toBeGreaterThan(0);
    expect(model.sections.map((s) => s.number)).toEqual(model.sections.map((_, i) => String(i + 1)));
    const annex = new Set(model.annex.map((a) => a.id));
    for (const s of model.sections) {
      expect(s.sourceIds.length).toBeGreaterThan(0);
      expect(s.sourceIds.some((id) => annex.has(id))).toBe(true);
    }
  });

  it.each([
    ['policy', policy],
    ['action plan', plan],
  ])('%s: no sentence tells anyone to copy, move, open or show material', (_name, model) => {
    expect(sentences(model).filter((s) => INSTRUCTION_TO_HANDLE.test(s))).toEqual([]);
  });

  it('renders a PDF with the standard fonts', async () => {
    const bytes = await renderPdf(policy);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
