import type { Role, UserRecord } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** A `users` row as SQLite answers it (without `username_key`, which only serves lookups). */
export type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
};

/** The columns a user is read from. */
export const USER_COLUMNS = 'id, username, password_hash, role, created_at';

/**
 * Usernames are unique and looked up ignoring case, folded with toLowerCase in JavaScript rather
 * than by SQLite (whose NOCASE folds ASCII only), so SQLite, D1 and the in-memory store agree on
 * which names collide.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** The user store's statements, parameters by position. */
export const USER_SQL = {
  insert: `INSERT INTO users (id, username, username_key, password_hash, role, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`,
  byId: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  byUsernameKey: `SELECT ${USER_COLUMNS} FROM users WHERE username_key = ?`,
  list: `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`,
  // Absent fields of the patch bind NULL and keep their value (both columns are NOT NULL):
  // (passwordHash, role, id).
  update:
    'UPDATE users SET password_hash = coalesce(?, password_hash), role = coalesce(?, role) WHERE id = ?',
  // Sessions, API tokens and grants go with the user (ON DELETE CASCADE).
  delete: 'DELETE FROM users WHERE id = ?',
  count: 'SELECT count(*) AS n FROM users',
} as const;

/** The values of `record` for `USER_SQL.insert`, the username's key included. */
export function userValues(record: UserRecord): SqlValue[] {
  return [
    record.id,
    record.username,
    usernameKey(record.username),
    record.passwordHash,
    record.role,
    record.createdAt,
  ];
}

/** The user a `users` row holds. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    createdAt: row.created_at,
  };
}
