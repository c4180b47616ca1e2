import type {
  CredentialsRevoked,
  AcceptInvitationRequest,
  ApiTokenCreated,
  ApiTokenView,
  CreateApiTokenRequest,
  CreateInvitationRequest,
  InvitationAccepted,
  InvitationCreated,
  InvitationView,
  LoginMfaRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
  MembershipView,
  MemberView,
  MfaConfirmResponse,
  MfaEnrollResponse,
  OrganisationView,
  Page,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  Role,
  SessionStarted,
  SignupRequest,
  SignupResponse,
  UpdateOrganisationRequest,
  InvitationPreview,
} from '@aup/contracts';
import { api, request } from './http-client';

export type { MembershipView, Role };

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  compliance_officer: 'Compliance officer',
  respondent: 'Respondent',
  auditor: 'Auditor (read-only)',
};

export const ROLE_HELP: Record<Role, string> = {
  admin: 'Manages the organisation, its members and roles, and can do everything else.',
  compliance_officer:
    'Creates audits, assigns sections, reviews, submits with attestation and owns remediation.',
  respondent: 'Answers the questionnaire sections assigned to them.',
  auditor: 'Reads results, answers and the audit trail; cannot change anything.',
};

/** Same rule as the api (NIST SP 800-63B: length only); the api has the final word. */
export const PASSWORD_MIN_LENGTH = 12;

const enc = encodeURIComponent;

export const accountsApi = {
  me: () => api.get<MeResponse>('/me', { quietUnauthenticated: true }),
  login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body, { quietUnauthenticated: true }),
  loginMfa: (body: LoginMfaRequest) =>
    api.post<SessionStarted>('/auth/login/mfa', body, { quietUnauthenticated: true }),
  logout: () => api.post<void>('/auth/logout'),
  signup: (body: SignupRequest) =>
    api.post<SignupResponse>('/auth/signup', body, { quietUnauthenticated: true }),
  requestPasswordReset: (body: PasswordResetRequest) =>
    api.post<void>('/auth/password-reset', body, { quietUnauthenticated: true }),
  confirmPasswordReset: (body: PasswordResetConfirmRequest) =>
    api.post<CredentialsRevoked>('/auth/password-reset/confirm', body, { quietUnauthenticated: true }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    api.post<CredentialsRevoked>('/me/password', body),
  mfaEnroll: (password: string) => api.post<MfaEnrollResponse>('/auth/mfa/enroll', { password }),
  mfaConfirm: (code: string) => api.post<MfaConfirmResponse>('/auth/mfa/confirm', { code }),
  mfaDisable: (body: { password: string; code: string }) => api.post<void>('/auth/mfa/disable', body),

  tokens: (offset = 0) => api.get<Page<ApiTokenView>>(`/me/tokens?limit=100&offset=${offset}`),
  createToken: (body: CreateApiTokenRequest) => api.post<ApiTokenCreated>('/me/tokens', body),
  revokeToken: (id: string) => api.delete<void>(`/me/tokens/${enc(id)}`),

  organisation: async (orgId: string) => {
    const res = await request<OrganisationView>(`/organisations/${enc(orgId)}`);
    return res.data;
  },
  updateOrganisation: (orgId: string, version: number, body: UpdateOrganisationRequest) =>
    api.patch<OrganisationView>(`/organisations/${enc(orgId)}`, body, { ifMatch: version }),
  members: (orgId: string) => api.get<Page<MemberView>>(`/organisations/${enc(orgId)}/members?limit=100`),
  updateMember: (orgId: string, userId: string, role: Role) =>
    api.patch<MemberView>(`/organisations/${enc(orgId)}/members/${enc(userId)}`, { role }),
  removeMember: (orgId: string, userId: string) =>
    api.delete<void>(`/organisations/${enc(orgId)}/members/${enc(userId)}`),
  invitations: (orgId: string) =>
    api.get<Page<InvitationView>>(`/organisations/${enc(orgId)}/invitations?limit=100`),
  invite: (orgId: string, body: CreateInvitationRequest) =>
    api.post<InvitationCreated>(`/organisations/${enc(orgId)}/invitations`, body),
  revokeInvitation: (orgId: string, id: string) =>
    api.delete<void>(`/organisations/${enc(orgId)}/invitations/${enc(id)}`),
  previewInvitation: (token: string) =>
    api.post<InvitationPreview>('/invitations/preview', { token }, { quietUnauthenticated: true }),
  acceptInvitation: (token: string, body: AcceptInvitationRequest) =>
    api.post<InvitationAccepted>(`/invitations/${enc(token)}/accept`, body, { quietUnauthenticated: true }),
};

/** Tokens in e-mailed links travel in the URL fragment (never sent to servers or logged); read them here. */
export function tokenFromFragment(
  hash: string = typeof location === 'undefined' ? '' : location.hash,
): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** What a password change or reset ended, in a sentence, so people know what to set up again. */
export function credentialsRevokedText({ sessionsEnded, tokensRevoked }: CredentialsRevoked): string {
  const n = (count: number, one: string, many: string) =>
    `${count === 0 ? 'no' : count} ${count === 1 ? one : many}`;
  return `Signed out ${n(sessionsEnded, 'other session', 'other sessions')} and revoked ${n(tokensRevoked, 'API token', 'API tokens')}${tokensRevoked ? ': scripts using them need a new token' : ''}.`;
}
