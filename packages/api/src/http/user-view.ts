import type { UserRecord } from '@bosun/hub';
import type { UserView } from '@bosun/protocol';

/** A user as the API shows it: never the password hash. */
export function userView(user: UserRecord): UserView {
  return { id: user.id, username: user.username, role: user.role, createdAt: user.createdAt };
}
