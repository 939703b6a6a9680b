import type { UserRecord } from '@bosun/hub';

/** A user as the API shows it: never the password hash. */
export type UserView = { id: string; username: string; role: UserRecord['role']; createdAt: number };

export function userView(user: UserRecord): UserView {
  return { id: user.id, username: user.username, role: user.role, createdAt: user.createdAt };
}
