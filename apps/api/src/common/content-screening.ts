import { HttpStatus } from '@nestjs/common';
import { screenFields, type FieldScreeningFinding } from '@aup/domain';
import { ProblemException } from './problem';

/**
 * Refuses narrative text that holds URLs, e-mail addresses, hashes or encoded data: 422
 * CONTENT.NOT_ACCEPTED with the reason and the field pointer of every finding.
 */
export function assertContentFree(
  fields: readonly { pointer: string; value: string | null | undefined }[],
): void {
  const findings = screenFields(fields);
  if (findings.length) throw contentNotAccepted(findings);
}

export function contentNotAccepted(findings: readonly FieldScreeningFinding[]): ProblemException {
  const [first] = findings;
  return new ProblemException(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'CONTENT.NOT_ACCEPTED',
    'Content not accepted',
    first.message,
    {
      reason: first.reason,
      pointer: first.pointer,
      errors: findings.map((f) => ({ pointer: f.pointer, reason: f.reason, message: f.message })),
    },
  );
}
