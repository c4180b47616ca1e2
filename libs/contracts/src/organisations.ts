export const ROLES = ['admin', 'compliance_officer', 'respondent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const INCIDENT_BANDS = ['0', '1-2', '3-5', 'more'] as const;
export type IncidentBand = (typeof INCIDENT_BANDS)[number];

/** The organisation-profile fields of the framework (docs/POLICY-FORMAT.md); every field optional until answered. */
export interface OrganisationProfile {
  headcount?: number;
  /** ISO 3166-1 alpha-2, upper case. */
  countries?: string[];
  /** ISO 3166-2 subdivisions where state or province law matters (e.g. AU-NSW, US-CA). */
  regions?: string[];
  sector?: string;
  provides_internet_access?: boolean;
  provides_email?: boolean;
  provides_hosting?: boolean;
  provides_messaging?: boolean;
  guest_wifi?: boolean;
  works_council?: boolean;
  monitoring_in_use?: boolean;
  works_with_children?: boolean;
  /** Times CSAM was found on company IT in the last 24 months, as a band (never details). */
  incident_band?: IncidentBand;
}

/** Organisation-wide switches, changed by admins only. */
export interface OrganisationSettings {
  /** Respondents may read audit results (scores, gaps, plan). Off by default. */
  respondentsSeeScores: boolean;
  /** Longest lifetime in days of an API token created by a member (1..365); absent: the server limit. */
  apiTokenMaxDays?: number;
  /** Respondents may request and download reports. Off by default. */
  respondentsRequestReports: boolean;
}

export interface OrganisationView {
  id: string;
  name: string;
  profile: OrganisationProfile;
  settings: OrganisationSettings;
  /** Also sent as the ETag (`"<version>"`); send it back in If-Match on PATCH. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrganisationSummary {
  id: string;
  name: string;
  /** The caller's role in it. */
  role: Role;
}

export interface CreateOrganisationRequest {
  name: string;
  profile?: OrganisationProfile;
}

/** PATCH with If-Match: the fields given replace the stored ones; profile fields are merged, `null` clears one. */
export interface UpdateOrganisationRequest {
  name?: string;
  profile?: { [K in keyof OrganisationProfile]?: OrganisationProfile[K] | null };
  /** Admins only; `null` puts a setting back to its default. */
  settings?: { [K in keyof OrganisationSettings]?: OrganisationSettings[K] | null };
}

export interface MemberView {
  userId: string;
  email: string | null;
  displayName: string | null;
  role: Role;
  joinedAt: string;
}

export interface UpdateMemberRequest {
  role: Role;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface CreateInvitationRequest {
  email: string;
  role: Role;
}

/** The link and its token go to the invited mailbox only (without SMTP: the server log), never to the inviter. */
export interface InvitationCreated extends InvitationView {
  /** Whether the invitation is e-mailed (SMTP configured; sent in the background) rather than written to the server log. */
  emailed: boolean;
}

/**
 * Accept an invitation. New e-mail: `password` (and optionally `displayName`) create the account.
 * Existing account: be signed in as it (a password sent for an existing account is never checked).
 */
export interface AcceptInvitationRequest {
  /** The invitation token; required by `POST /invitations/accept` (preferred: it keeps the token out of URLs). */
  token?: string;
  password?: string;
  displayName?: string;
}

export interface InvitationAccepted {
  organisationId: string;
  role: Role;
  userId: string;
  /** True when the invitation created the account; a session was then started (cookies set). */
  accountCreated: boolean;
  /** Set when a session was started. */
  csrfToken?: string;
}

/** POST /invitations/preview: what the invitation page shows before anyone accepts. */
export interface InvitationPreviewRequest {
  token: string;
}

export interface InvitationPreview {
  organisationName: string;
  role: Role;
  /** The invited e-mail address (the account that will join). */
  email: string;
  /** The inviter's display name, or null when they have none or were erased. */
  invitedByName: string | null;
  status: InvitationStatus;
  expiresAt: string;
}
