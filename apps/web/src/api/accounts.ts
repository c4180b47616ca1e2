import { api } from './http-client';

// Shapes of the accounts api as the web app uses them. They mirror libs/contracts; the api's OpenAPI
// document (/docs) is the reference.
export type Role = 'admin' | 'compliance_officer' | 'respondent' | 'auditor';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  compliance_officer: 'Compliance officer',
  respondent: 'Respondent',
  auditor: 'Auditor (read-only)',
};

export interface MembershipSummary {
  organisationId: string;
  organisationName: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  displayName: string | null;
  mfaEnabled: boolean;
  memberships: MembershipSummary[];
}

export type LoginResult = { status: 'signed_in' } | { status: 'mfa_required'; mfaToken?: string };

export const accountsApi = {
  me: () => api.get<Me>('/me', { quietUnauthenticated: true }),
  login: (body: { email: string; password: string }) => api.post<LoginResult>('/auth/login', body, { quietUnauthenticated: true }),
  verifyMfa: (body: { code: string; mfaToken?: string }) => api.post<LoginResult>('/auth/mfa/verify', body, { quietUnauthenticated: true }),
  logout: () => api.post<void>('/auth/logout'),
  signup: (body: { email: string; password: string; displayName: string; organisationName: string }) =>
    api.post<LoginResult>('/auth/signup', body, { quietUnauthenticated: true }),
  requestPasswordReset: (body: { email: string }) => api.post<void>('/auth/password-reset', body, { quietUnauthenticated: true }),
  confirmPasswordReset: (body: { token: string; password: string }) =>
    api.post<void>('/auth/password-reset/confirm', body, { quietUnauthenticated: true }),
};
