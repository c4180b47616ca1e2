import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { Accounts1795347660587 } from './migrations/1795347660587-accounts';
import { RemediationListOrder1797650000000 } from './migrations/1797650000000-remediation-list-order';
import { RequestIdempotency1797640000000 } from './migrations/1797640000000-request-idempotency';
import { Jobs1795347714489 } from './migrations/1795347714489-jobs';

import { Audits1795347768734 } from './migrations/1795347768734-audits';
import { TrailInDatabase1796000000000 } from './migrations/1796000000000-trail-in-database';
import { MfaRecoveryAndRateLimits1797300000000 } from './migrations/1797300000000-mfa-recovery-and-rate-limits';
import { AuditWorkflow1797400000000 } from './migrations/1797400000000-audit-workflow';
import { Reports1797200000000 } from './migrations/1797200000000-reports';
import { Remediation1797100000000 } from './migrations/1797100000000-remediation';
import { PolicyModel1797500000000 } from './migrations/1797500000000-policy-model';
import { FunctionFiles1797600000000 } from './migrations/1797600000000-function-files';
import { PolicyGapItems1797680000000 } from './migrations/1797680000000-policy-gap-items';
import { FunctionFilesGapItems1797690000000 } from './migrations/1797690000000-function-files-gap-items';
import { AnswersInline1797700000000 } from './migrations/1797700000000-answers-inline';

/** Every migration, oldest first; add new ones at the end (named by timestamp). */
export const MIGRATIONS = [
  Initial1763800000000,
  Jobs1795347714489,
  Audits1795347768734,
  Accounts1795347660587,
  TrailInDatabase1796000000000,
  Remediation1797100000000,
  Reports1797200000000,
  MfaRecoveryAndRateLimits1797300000000,
  AuditWorkflow1797400000000,
  PolicyModel1797500000000,
  FunctionFiles1797600000000,
  RequestIdempotency1797640000000,
  RemediationListOrder1797650000000,
  PolicyGapItems1797680000000,
  FunctionFilesGapItems1797690000000,
  AnswersInline1797700000000,
];
