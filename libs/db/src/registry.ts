import { MembershipEntity } from './entities/membership.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { UserEntity } from './entities/user.entity';
import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { SessionEntity } from './entities/session.entity';
import { ApiTokenEntity } from './entities/api-token.entity';
import { InvitationEntity } from './entities/invitation.entity';
import { OneTimeTokenEntity } from './entities/one-time-token.entity';
import { LoginThrottleEntity } from './entities/login-throttle.entity';
import { Accounts1795347660587 } from './migrations/1795347660587-accounts';
import { OutboxEntity } from './entities/outbox.entity';
import { JobExecutionEntity } from './entities/job-execution.entity';
import { Jobs1795347714489 } from './migrations/1795347714489-jobs';

import { FrameworkVersionEntity } from './entities/framework-version.entity';
import { AuditEntity } from './entities/audit.entity';
import { SectionAssignmentEntity } from './entities/section-assignment.entity';
import { AnswerEntity } from './entities/answer.entity';
import { AnswerHistoryEntity } from './entities/answer-history.entity';
import { EvidenceRefEntity } from './entities/evidence-ref.entity';
import { AnswerCommentEntity } from './entities/answer-comment.entity';
import { ResultSnapshotEntity } from './entities/result-snapshot.entity';
import { AuditEventEntity } from './entities/audit-event.entity';
import { Audits1795347768734 } from './migrations/1795347768734-audits';
import { TrailInDatabase1796000000000 } from './migrations/1796000000000-trail-in-database';
import { MfaRecoveryAndRateLimits1797300000000 } from './migrations/1797300000000-mfa-recovery-and-rate-limits';
import { AuditWorkflow1797400000000 } from './migrations/1797400000000-audit-workflow';
import { ReportEntity } from './entities/report.entity';
import { Reports1797200000000 } from './migrations/1797200000000-reports';
import { Remediation1797100000000 } from './migrations/1797100000000-remediation';
import { PolicyModel1797500000000 } from './migrations/1797500000000-policy-model';
import { FunctionFiles1797600000000 } from './migrations/1797600000000-function-files';
/** Every entity; add new ones here. */
export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  ApiTokenEntity,
  InvitationEntity,
  OneTimeTokenEntity,
  LoginThrottleEntity,
  OutboxEntity,
  JobExecutionEntity,
  FrameworkVersionEntity,
  AuditEntity,
  SectionAssignmentEntity,
  AnswerEntity,
  AnswerHistoryEntity,
  EvidenceRefEntity,
  AnswerCommentEntity,
  ResultSnapshotEntity,
  AuditEventEntity,
  ReportEntity,
];

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
];
