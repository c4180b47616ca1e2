import { Test, type TestingModule } from '@nestjs/testing';
import type { DynamicModule, Type } from '@nestjs/common';
import { AppConfigModule } from '@aup/config';
import {
  MembershipRepository,
  MembersRepository,
  OrganisationRepository,
  UserRepository,
  type Role,
} from '@aup/db';
import type { Profile } from '@aup/domain';
import type { CurrentMembershipInfo } from '../../../apps/api/src/common/principal';
import { ProblemException } from '../../../apps/api/src/common/problem';
import { uniqueEmail } from '../../support/auth';
import { testConfig } from '../../support/app';

/** A member as the guards hand it to a service: the membership read for the route's organisation. */
export type Caller = CurrentMembershipInfo;

/**
 * The service tier: the real feature modules with the real configuration, `DatabaseModule` on the test
 * file's own PostgreSQL database and the in-process job queue (no REDIS_URL); no HTTP server, no mocks.
 */
export interface ServiceHarness {
  module: TestingModule;
  /** A provider of any imported module, exported or not (services are called directly). */
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

export async function startServices(
  imports: (Type<unknown> | DynamicModule)[],
  env: Record<string, string> = {},
): Promise<ServiceHarness> {
  const module = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(testConfig(env)), ...imports],
  }).compile();
  await module.init();
  return {
    module,
    get: (type) => module.get(type, { strict: false }),
    close: () => module.close(),
  };
}

/** A new account (no password to sign in with: services never ask for one). */
export async function newUser(h: ServiceHarness, label = 'user'): Promise<string> {
  const user = await h.get(UserRepository).insert(uniqueEmail(label), label, 'not-a-password-hash');
  return user.id;
}

async function callerFor(h: ServiceHarness, organisationId: string, userId: string): Promise<Caller> {
  const membership = await h.get(MembershipRepository).findOne(userId, organisationId);
  if (!membership) throw new Error(`${userId} is not a member of ${organisationId}`);
  return { membershipId: membership.id, organisationId, userId, role: membership.role };
}

/** An organisation with the given profile and its first admin, as sign-up leaves it. */
export async function newOrganisation(h: ServiceHarness, profile: Profile = {}): Promise<Caller> {
  const adminId = await newUser(h, 'admin');
  const org = await h.get(OrganisationRepository).create('Example Ltd', profile, adminId);
  return callerFor(h, org.id, adminId);
}

/** A new person made a member of the admin's organisation with `role`, as an accepted invitation does. */
export async function addMember(h: ServiceHarness, admin: Caller, role: Role): Promise<Caller> {
  const userId = await newUser(h, role);
  await h.get(MembersRepository).add(admin.organisationId, userId, role);
  return callerFor(h, admin.organisationId, userId);
}

/**
 * The problem a service call is refused with: fails unless it is a ProblemException with this status
 * and code. Returns it for checks of its extensions.
 */
export async function refusal(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<ProblemException> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${status} ${code}, but the call succeeded with ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  if (!(error instanceof ProblemException)) throw error;
  expect({ status: error.getStatus(), code: error.code }).toEqual({ status, code });
  return error;
}
