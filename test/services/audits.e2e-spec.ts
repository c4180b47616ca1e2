import { AUDIT_TRANSITIONS, type AnswerView, type QuestionView } from '@aup/contracts';
import { AuditRepository, type AuditStatus } from '@aup/db';
import { AUDIT_WORKFLOW, STATUS_LOCKS, type WorkflowStatus } from '@aup/domain';
import { AnswersModule } from '../../apps/api/src/answers/answers.module';
import { AnswersService } from '../../apps/api/src/answers/answers.service';
import { BatchAnswersDto } from '../../apps/api/src/answers/dto/answer-request.dto';
import { AuditsService } from '../../apps/api/src/audits/audits.service';
import { SubmitAuditDto, UpdateAuditDto } from '../../apps/api/src/audits/dto/audit-request.dto';
import { answerFor } from '../remediation/remediation-support';
import { answerEverything, ATTESTATION, createAudit, MULTINATIONAL } from './support/audit-steps';
import {
  addMember,
  newOrganisation,
  refusal,
  startServices,
  type Caller,
  type ServiceHarness,
} from './support/service-harness';

const STATUSES = Object.keys(STATUS_LOCKS) as WorkflowStatus[];

describe('AuditsService and AnswersService on a real database', () => {
  let h: ServiceHarness;
  let audits: AuditsService;
  let answers: AnswersService;
  let repo: AuditRepository;
  let co: Caller;
  let respondent: Caller;

  /** Puts the audit in `status` (as earlier moves would have) and returns its version. */
  async function setStatus(auditId: string, status: AuditStatus): Promise<number> {
    const audit = (await repo.find(co.organisationId, auditId))!;
    return (await repo.update(auditId, { ...audit, status })).version;
  }
  const revision = async (auditId: string) =>
    (await repo.resultsInputs(auditId, co.organisationId, co.userId))!.answersRevision;
  const save = (caller: Caller, auditId: string, items: object[]) =>
    answers.batch(caller, auditId, BatchAnswersDto.create({ answers: items }).answers);
  const submit = (auditId: string, version: number | undefined, body: object = ATTESTATION) =>
    audits.submit(co, auditId, version, SubmitAuditDto.create(body));

  /** The first section with two questions or more shown for the profile. */
  async function firstSection(auditId: string): Promise<string> {
    for (const s of (await audits.assignments(co, auditId)).sections) {
      if ((await audits.section(co, auditId, s.section)).questions.length >= 2) return s.section;
    }
    throw new Error('no section with two questions');
  }
  const answerOf = (q: QuestionView, version?: number) => ({
    questionId: q.id,
    value: answerFor(q, true),
    version,
  });

  beforeAll(async () => {
    h = await startServices([AnswersModule]);
    audits = h.get(AuditsService);
    answers = h.get(AnswersService);
    repo = h.get(AuditRepository);
    const admin = await newOrganisation(h, MULTINATIONAL);
    co = await addMember(h, admin, 'compliance_officer');
    respondent = await addMember(h, admin, 'respondent');
  });
  afterAll(() => h.close());

  describe('every move of the workflow table (start, review, return, close), from every status', () => {
    let auditId: string;
    beforeAll(async () => {
      auditId = await createAudit(h, co);
    });
    const cases = AUDIT_WORKFLOW.filter((t) =>
      (AUDIT_TRANSITIONS as readonly string[]).includes(t.action),
    ).flatMap((rule) => STATUSES.map((from) => ({ rule, from })));
    it.each(cases)('$rule.action from $from', async ({ rule, from }) => {
      const version = await setStatus(auditId, from);
      const call = audits.transition(co, auditId, version, rule.action as (typeof AUDIT_TRANSITIONS)[number]);
      if (rule.from.includes(from)) {
        expect(await call).toMatchObject({ status: rule.to, version: version + 1 });
        return;
      }
      const code = STATUS_LOCKS[from] === 'all' ? 'AUDIT.LOCKED' : 'AUDIT.INVALID_TRANSITION';
      expect((await refusal(call, 409, code)).extensions.auditStatus).toBe(from);
      expect(await repo.find(co.organisationId, auditId)).toMatchObject({ status: from, version });
    });

    it('refuses a stale version with the current audit', async () => {
      const version = await setStatus(auditId, 'draft');
      const e = await refusal(
        audits.transition(co, auditId, version - 1, 'start'),
        409,
        'AUDIT.VERSION_CONFLICT',
      );
      expect(e.extensions.current).toMatchObject({ id: auditId, version, status: 'draft' });
    });
  });

  describe('submit, lock, reopen, send back', () => {
    let auditId: string;
    let section: string;
    let questions: QuestionView[];
    /** The question as it is now, with its answer. */
    const now = async (q: QuestionView) =>
      (await audits.section(co, auditId, section)).questions.find((x) => x.id === q.id)!;
    beforeAll(async () => {
      auditId = await createAudit(h, co);
      section = await firstSection(auditId);
      questions = (await audits.section(co, auditId, section)).questions;
    });

    it('refuses to submit a draft, without If-Match, or with open questions not acknowledged', async () => {
      const draft = await audits.get(co, auditId);
      await refusal(submit(auditId, draft.version), 409, 'AUDIT.INVALID_TRANSITION');
      await refusal(submit(auditId, undefined), 428, 'REQUEST.PRECONDITION_REQUIRED');
      await save(co, auditId, [answerOf(questions[0])]);
      const started = await audits.get(co, auditId);
      expect(started.status).toBe('in_progress');
      const e = await refusal(submit(auditId, started.version), 409, 'AUDIT.INCOMPLETE');
      const { open, total } = await audits.completeness(co, auditId);
      expect(e.extensions).toMatchObject({ open: open.length, total });
    });

    it('a batch is all or nothing: one stale version or one duplicate refuses every answer', async () => {
      const [a, b] = questions;
      const saved = await now(a);
      const before = await revision(auditId);
      const stale = await refusal(
        save(co, auditId, [answerOf(b), answerOf(a, saved.answer!.version + 5)]),
        409,
        'ANSWER.VERSION_CONFLICT',
      );
      expect(stale.extensions.errors).toEqual([
        expect.objectContaining({ index: 1, questionId: a.id, code: 'ANSWER.VERSION_CONFLICT' }),
      ]);
      const duplicate = await refusal(
        save(co, auditId, [answerOf(b), answerOf(b)]),
        422,
        'ANSWER.BATCH_REJECTED',
      );
      expect(duplicate.extensions.errors).toEqual([
        expect.objectContaining({ index: 1, code: 'ANSWER.DUPLICATE' }),
      ]);
      const unknown = await refusal(
        save(co, auditId, [{ questionId: 'NOPE-99-Q1', value: 'yes' }]),
        422,
        'ANSWER.BATCH_REJECTED',
      );
      expect(unknown.extensions.errors).toEqual([expect.objectContaining({ code: 'QUESTION.NOT_FOUND' })]);
      expect(await revision(auditId)).toBe(before);
      expect((await now(b)).answer).toBeNull();
    });

    it('submits with the current version; a submitted audit is locked until reopened', async () => {
      await answerEverything(h, co, auditId, () => true);
      const current = await audits.get(co, auditId);
      await refusal(submit(auditId, current.version - 1), 409, 'AUDIT.VERSION_CONFLICT');
      const submitted = await submit(auditId, current.version);
      expect(submitted).toMatchObject({ status: 'submitted', version: current.version + 1 });
      expect(submitted.attestation).toMatchObject({ ...ATTESTATION, userId: co.userId });

      const before = await revision(auditId);
      const answered = (await now(questions[0])).answer!;
      await refusal(save(co, auditId, [answerOf(questions[0], answered.version)]), 409, 'AUDIT.LOCKED');
      await refusal(answers.sendBack(co, auditId, questions[0].id, 'Please check.'), 409, 'AUDIT.LOCKED');
      await refusal(
        audits.update(co, auditId, submitted.version, UpdateAuditDto.create({ title: 'Renamed' })),
        409,
        'AUDIT.LOCKED',
      );
      expect(await revision(auditId)).toBe(before);

      await refusal(
        audits.reopen(co, auditId, submitted.version - 1, 'The board asked again.'),
        409,
        'AUDIT.VERSION_CONFLICT',
      );
      const reopened = await audits.reopen(co, auditId, submitted.version, 'The board asked again.');
      expect(reopened).toMatchObject({
        status: 'in_review',
        version: submitted.version + 1,
        attestation: null,
      });
      await refusal(
        audits.reopen(co, auditId, reopened.version, 'Once more, please.'),
        409,
        'AUDIT.INVALID_TRANSITION',
      );
      expect(await audits.versions(co, auditId)).toHaveLength(1);
    });

    it('in review only a sent-back answer changes, once, and each write raises the answers revision', async () => {
      const [q, other] = questions;
      const locked = (await now(q)).answer!;
      await refusal(save(co, auditId, [answerOf(q, locked.version)]), 409, 'ANSWER.LOCKED_FOR_REVIEW');
      await refusal(
        answers.sendBack(respondent, auditId, q.id, 'Please check.'),
        409,
        'AUDIT.INVALID_TRANSITION',
      );
      const r0 = BigInt(await revision(auditId));
      const sent: AnswerView = await answers.sendBack(co, auditId, q.id, 'Which policy is this?');
      expect(sent.status).toBe('needs_changes');
      expect(BigInt(await revision(auditId))).toBe(r0 + 1n);
      const [saved] = await save(co, auditId, [answerOf(q, sent.version)]);
      expect(saved).toMatchObject({ status: 'answered', version: sent.version + 1 });
      expect(BigInt(await revision(auditId))).toBe(r0 + 2n);
      await refusal(save(co, auditId, [answerOf(q, saved.version)]), 409, 'ANSWER.LOCKED_FOR_REVIEW');
      const otherNow = await now(other);
      await refusal(
        save(co, auditId, [answerOf(other, otherNow.answer!.version)]),
        409,
        'ANSWER.LOCKED_FOR_REVIEW',
      );
    });

    it('sends back only in review, and a resubmit stores a second version', async () => {
      const current = await audits.get(co, auditId);
      const returned = await audits.transition(co, auditId, current.version, 'return');
      expect(returned.status).toBe('in_progress');
      await refusal(
        answers.sendBack(co, auditId, questions[0].id, 'Check.'),
        409,
        'AUDIT.INVALID_TRANSITION',
      );
      await submit(auditId, returned.version);
      expect((await audits.versions(co, auditId)).map((v) => v.version).sort()).toEqual([1, 2]);
    });
  });
});
