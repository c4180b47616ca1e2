import type { UserView } from '@aup/contracts';

export interface UserRow {
  id: string;
  email: string | null;
  display_name: string | null;
  mfa_enabled_at: Date | null;
  created_at: Date;
}

export const USER_COLUMNS = `u.id, u.email, u.display_name, u.mfa_enabled_at, u.created_at`;

export const toUserView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email ?? '',
  displayName: u.display_name,
  mfaEnabled: u.mfa_enabled_at !== null,
  createdAt: new Date(u.created_at).toISOString(),
});
