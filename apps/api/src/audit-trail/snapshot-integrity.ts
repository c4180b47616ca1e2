import { HttpStatus } from '@nestjs/common';
import { snapshotHashOf } from '@aup/domain';
import { ProblemException } from '../common/problem';

/**
 * A sealed result is served only while its document still hashes to the hash sealed with it: a result
 * edited in the database is refused (409 RESULTS.INTEGRITY_FAILED) instead of being shown under its
 * original hash. The trail's verify says more (GET /organisations/{orgId}/audit-trail/verify).
 */
export function assertSnapshotIntact(snapshotId: string, document: unknown, sealedHash: string): void {
  if (snapshotHashOf(document) === sealedHash) return;
  throw new ProblemException(
    HttpStatus.CONFLICT,
    'RESULTS.INTEGRITY_FAILED',
    'Stored result does not match its seal',
    `The submitted result ${snapshotId} was changed after it was sealed, so it is not shown. Ask an administrator to verify the audit trail.`,
    { snapshotId },
  );
}
