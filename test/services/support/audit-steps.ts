import { AnswersService } from '../../../apps/api/src/answers/answers.service';
import { BatchAnswersDto } from '../../../apps/api/src/answers/dto/answer-request.dto';
import { AuditsService } from '../../../apps/api/src/audits/audits.service';
import { CreateAuditDto, SubmitAuditDto } from '../../../apps/api/src/audits/dto/audit-request.dto';
import { answersFixture, catalogueFor } from '../../audits/support/audit-fixtures';
import { answerFor } from '../../remediation/remediation-support';
import type { Caller, ServiceHarness } from './service-harness';

/** The profile most audit specs use: a multinational with 12,000 people. */
export const MULTINATIONAL = answersFixture('multinational-12000').profile;

export const ATTESTATION = {
  statement: 'I confirm the answers are complete and accurate.',
  role: 'Compliance lead',
};

/** Creates an audit (needs AnswersModule or AuditsModule) and returns its id. */
export async function createAudit(h: ServiceHarness, caller: Caller): Promise<string> {
  return (await h.get(AuditsService).create(caller, CreateAuditDto.create({ title: 'CSAM readiness' }))).id;
}

/**
 * Answers every question shown for the organisation's profile in one batch per section: the best answer
 * for controls `passing` says pass, the worst for the rest.
 */
export async function answerEverything(
  h: ServiceHarness,
  caller: Caller,
  auditId: string,
  passing: (controlId: string) => boolean,
): Promise<void> {
  const audits = h.get(AuditsService);
  const audit = await audits.get(caller, auditId);
  const catalogue = catalogueFor(`${audit.framework.id}@${audit.framework.version}`);
  for (const section of catalogue.sections) {
    const { questions } = await audits.section(caller, auditId, section.id);
    if (!questions.length) continue;
    const { answers } = BatchAnswersDto.create({
      answers: questions.map((q) => ({
        questionId: q.id,
        value: answerFor(q, passing(q.controlId)),
        version: q.answer?.version,
      })),
    });
    await h.get(AnswersService).batch(caller, auditId, answers);
  }
}

/** Submits with the audit's current version, as the submit page does. */
export async function submit(h: ServiceHarness, caller: Caller, auditId: string) {
  const audits = h.get(AuditsService);
  return audits.submit(
    caller,
    auditId,
    (await audits.get(caller, auditId)).version,
    SubmitAuditDto.create(ATTESTATION),
  );
}

/** An audit answered (`passing` as above) and submitted; its id. */
export async function submittedAudit(
  h: ServiceHarness,
  caller: Caller,
  passing: (controlId: string) => boolean,
): Promise<string> {
  const auditId = await createAudit(h, caller);
  await answerEverything(h, caller, auditId, passing);
  await submit(h, caller, auditId);
  return auditId;
}
