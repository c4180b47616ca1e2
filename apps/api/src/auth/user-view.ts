import type { UserView } from '@aup/contracts';
import type { UserRecord } from '@aup/db';

export const toUserView = (u: UserRecord): UserView => ({
  id: u.id,
  email: u.email ?? '',
  displayName: u.displayName,
  mfaEnabled: u.mfaEnabledAt !== null,
  createdAt: new Date(u.createdAt).toISOString(),
});
