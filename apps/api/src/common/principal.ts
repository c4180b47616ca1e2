import type { Role } from '@aup/db';

/** Who made the request, as established by the global AuthGuard. */
export interface Principal {
  userId: string;
  /** How the request was authenticated. */
  method: 'session' | 'token';
  /** The session id or the API token id. */
  credentialId: string;
}

/** The caller's membership of the organisation named by the route's `:orgId`, loaded fresh on every request. */
export interface CurrentMembershipInfo {
  membershipId: string;
  organisationId: string;
  userId: string;
  role: Role;
}

/** The caller's membership of one organisation as read together with the credential: null when not a member. */
export interface MembershipLookup {
  organisationId: string;
  membership: { id: string; role: Role } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    membership?: CurrentMembershipInfo;
    /** The membership read together with the credential by AuthGuard, for this request only. */
    membershipLookup?: MembershipLookup;
    /** A valid session cookie came with an unsafe request on a public route but without a valid CSRF token. */
    csrfRejected?: boolean;
  }
}
