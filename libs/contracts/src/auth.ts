import type { Role } from './organisations';

/** Names of the cookies the api sets. The web app reads `aup_csrf` and echoes it in `X-CSRF-Token`. */
export const SESSION_COOKIE = 'aup_session';
export const CSRF_COOKIE = 'aup_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Password length limits (NIST SP 800-63B): no composition rules, every character allowed. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface SignupRequest {
  email: string;
  password: string;
  displayName?: string;
  organisationName: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginMfaRequest {
  challengeToken: string;
  /** Six-digit code from the authenticator app; or send `recoveryCode` instead. */
  code?: string;
  /** One of the recovery codes shown when MFA was turned on; each works once. */
  recoveryCode?: string;
}

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  mfaEnabled: boolean;
  createdAt: string;
}

export interface MembershipView {
  organisationId: string;
  organisationName: string;
  role: Role;
}

/** A session was started: the cookies `aup_session` (httpOnly) and `aup_csrf` (readable) are set. */
export interface SessionStarted {
  mfaRequired: false;
  user: UserView;
  /** Same value as the `aup_csrf` cookie; send it as `X-CSRF-Token` on POST/PATCH/PUT/DELETE. */
  csrfToken: string;
  expiresAt: string;
  /** Only when the sign-in used a recovery code: how many unused codes are left. */
  recoveryCodesLeft?: number;
}

/** The password was right and the account has MFA: send the code with this challenge to /auth/login/mfa. */
export interface MfaChallenge {
  mfaRequired: true;
  challengeToken: string;
  expiresAt: string;
}

export type LoginResponse = SessionStarted | MfaChallenge;

export interface SignupResponse extends SessionStarted {
  organisation: { id: string; name: string };
}

export interface PasswordResetRequest {
  email: string;
}

export interface PasswordResetConfirmRequest {
  token: string;
  password: string;
}

export interface MfaEnrollResponse {
  /** Base32 secret for manual entry. */
  secret: string;
  /** otpauth:// URI for a QR code. */
  otpauthUri: string;
}

export interface MfaCodeRequest {
  code: string;
}

export interface MeResponse {
  user: UserView;
  memberships: MembershipView[];
  /** How this request was authenticated. */
  authenticatedBy: 'session' | 'token';
}

export interface EraseMeRequest {
  password: string;
}

export interface CreateApiTokenRequest {
  name: string;
  /** 1..the limit (API_TOKEN_MAX_DAYS, default 365, and the `apiTokenMaxDays` setting of each of your organisations); default 90. */
  expiresInDays?: number | null;
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenCreated extends ApiTokenView {
  /** `aup_...`: shown once, never again. Send as `Authorization: Bearer <token>`. */
  token: string;
}

/** Answer of a password change or reset: what was ended, so the person knows what to set up again. */
export interface CredentialsRevoked {
  sessionsEnded: number;
  tokensRevoked: number;
}

/** Enrolling MFA needs the current password, so a borrowed session cannot enrol and lock the owner out. */
export interface MfaEnrollRequest {
  password: string;
}

/** Turning MFA off needs the current password and a current code or an unused recovery code. */
export interface MfaDisableRequest {
  password: string;
  code?: string;
  recoveryCode?: string;
}

/** MFA is on: the recovery codes are shown once (only their hashes are kept). */
export interface MfaConfirmResponse {
  recoveryCodes: string[];
}
