import {
  answerEditable,
  availableActions,
  AUDIT_WORKFLOW,
  completeness,
  lastAdminRefusal,
  STATUS_LOCKS,
  submitRefusal,
  transitionRefusal,
  type CompletenessAnswer,
} from './audit-workflow';
import { diffSnapshots, type DiffableSnapshot } from './snapshot-diff';

describe('audit workflow table', () => {
  it('has one row per action and names every status it moves between', () => {
    expect(new Set(AUDIT_WORKFLOW.map((t) => t.action)).size).toBe(AUDIT_WORKFLOW.length);
    for (const t of AUDIT_WORKFLOW) for (const s of [...t.from, t.to]) expect(STATUS_LOCKS[s]).toBeDefined();
  });

  it('lets managers move, refuses other roles, and calls a move out of a locked status AUDIT.LOCKED', () => {
    expect(transitionRefusal('review', 'in_progress', 'compliance_officer')).toBeNull();
    expect(transitionRefusal('review', 'in_progress', 'respondent')).toMatchObject({
      code: 'AUDIT.FORBIDDEN_ROLE',
    });
    expect(transitionRefusal('return', 'submitted', 'admin')).toMatchObject({ code: 'AUDIT.LOCKED' });
    expect(transitionRefusal('close', 'draft', 'admin')).toMatchObject({
      code: 'AUDIT.INVALID_TRANSITION',
      from: ['submitted'],
    });
    expect(availableActions('submitted', 'admin').sort()).toEqual(['close', 'reopen']);
    expect(availableActions('submitted', 'auditor')).toEqual([]);
  });

  it('locks answers in review except sent-back ones, and all answers once submitted', () => {
    expect(answerEditable('in_progress', 'answered')).toBe(true);
    expect(answerEditable('in_review', 'answered')).toBe(false);
    expect(answerEditable('in_review', null)).toBe(false);
    expect(answerEditable('in_review', 'needs_changes')).toBe(true);
    expect(answerEditable('submitted', 'needs_changes')).toBe(false);
  });
});

describe('submit completeness', () => {
  const answers = new Map<string, CompletenessAnswer>([
    ['Q1', { status: 'answered', hasValue: true }],
    ['Q2', { status: 'unanswered', hasValue: false }],
    ['Q4', { status: 'answered', hasValue: true }],
  ]);

  it('counts visible questions only and lists open ones in the order given', () => {
    expect(completeness(['Q1', 'Q2', 'Q3'], answers)).toEqual({
      total: 3,
      answered: 1,
      open: ['Q2', 'Q3'],
      needsReview: [],
      needsChanges: [],
    });
  });

  it('refuses open questions unless their exact number is acknowledged', () => {
    const c = completeness(['Q1', 'Q2', 'Q3'], answers);
    expect(submitRefusal(c, undefined)).toMatchObject({ code: 'AUDIT.INCOMPLETE', open: 2, total: 3 });
    expect(submitRefusal(c, 1)).toMatchObject({ code: 'AUDIT.INCOMPLETE' });
    expect(submitRefusal(c, 2)).toBeNull();
    expect(submitRefusal(completeness(['Q1', 'Q4'], answers), undefined)).toBeNull();
  });

  it('never lets an acknowledgement cover unconfirmed or sent-back answers', () => {
    const review = new Map<string, CompletenessAnswer>([['Q1', { status: 'needs_review', hasValue: true }]]);
    expect(submitRefusal(completeness(['Q1'], review), 0)).toMatchObject({
      code: 'AUDIT.ANSWERS_NEED_REVIEW',
      questionIds: ['Q1'],
    });
    const back = new Map<string, CompletenessAnswer>([['Q1', { status: 'needs_changes', hasValue: true }]]);
    expect(submitRefusal(completeness(['Q1'], back), 0)).toMatchObject({
      code: 'AUDIT.ANSWERS_NEED_CHANGES',
    });
  });
});

describe('last admin', () => {
  it('refuses demoting the only admin even when alone, and leaving while others are members', () => {
    expect(lastAdminRefusal({ admins: ['a'], otherMembers: 0, userId: 'a', change: 'demote' })).toBe(
      'MEMBER.LAST_ADMIN',
    );
    expect(lastAdminRefusal({ admins: ['a'], otherMembers: 2, userId: 'a', change: 'remove' })).toBe(
      'MEMBER.LAST_ADMIN',
    );
    expect(lastAdminRefusal({ admins: ['a'], otherMembers: 0, userId: 'a', change: 'erase' })).toBeNull();
    expect(
      lastAdminRefusal({ admins: ['a', 'b'], otherMembers: 1, userId: 'a', change: 'demote' }),
    ).toBeNull();
    expect(lastAdminRefusal({ admins: ['a'], otherMembers: 1, userId: 'c', change: 'remove' })).toBeNull();
  });
});

describe('snapshot diff', () => {
  const snap = (overall: number, gaps: string[], answers: DiffableSnapshot['answers']): DiffableSnapshot => ({
    result: {
      overall,
      rating: overall > 50 ? 'amber' : 'red',
      answeredPct: 100,
      domains: [{ domainId: 'D1', title: 'Policy', score: overall }],
      gaps: gaps.map((id) => ({ controlId: id, title: id, priority: 'P1' })),
    },
    answers,
  });

  it('reports scores, gaps opened and closed, and answers that changed', () => {
    const d = diffSnapshots(
      snap(40, ['C1', 'C2'], { Q1: { value: 'no' }, Q2: { value: 'yes' } }),
      snap(60, ['C2', 'C3'], { Q1: { value: 'yes' }, Q2: { value: 'yes' } }),
    );
    expect(d.overall).toEqual({ from: 40, to: 60 });
    expect(d.rating).toEqual({ from: 'red', to: 'amber' });
    expect(d.domains).toEqual([{ domainId: 'D1', title: 'Policy', from: 40, to: 60 }]);
    expect(d.gapsOpened.map((g) => g.controlId)).toEqual(['C3']);
    expect(d.gapsClosed.map((g) => g.controlId)).toEqual(['C1']);
    expect(d.answers).toEqual([{ questionId: 'Q1', from: { value: 'no' }, to: { value: 'yes' } }]);
  });
});
