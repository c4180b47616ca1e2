import { MembershipEntity } from './entities/membership.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { UserEntity } from './entities/user.entity';
import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { OutboxEntity } from './entities/outbox.entity';
import { JobExecutionEntity } from './entities/job-execution.entity';
import { Jobs1795347714489 } from './migrations/1795347714489-jobs';

/** Every entity; add new ones here. */
export const ENTITIES = [OrganisationEntity, UserEntity, MembershipEntity, OutboxEntity, JobExecutionEntity];

/** Every migration, oldest first; add new ones at the end (named by timestamp). */
export const MIGRATIONS = [Initial1763800000000, Jobs1795347714489];
