import type { Role, UserRecord, UserStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
};

const COLUMNS = 'id, username, password_hash, role, created_at';

/**
 * The hub's user store on D1. Usernames are unique and looked up ignoring case, by a key folded
 * with `toLowerCase` in JavaScript, as the SQLite store does (SQLite's NOCASE folds ASCII only),
 * so both agree on which names collide.
 */
export function d1UserStore(calls: D1Calls): UserStore {
  return {
    async create(record) {
      await calls.insert(
        'creating user',
        'username is already taken',
        `INSERT INTO users (id, username, username_key, password_hash, role, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        record.id,
        record.username,
        record.username.toLowerCase(),
        record.passwordHash,
        record.role,
        record.createdAt,
      );
    },
    async byId(id) {
      const row = await calls.first<UserRow>('reading user', `SELECT ${COLUMNS} FROM users WHERE id = ?`, id);
      return row && toRecord(row);
    },
    async byUsername(username) {
      const row = await calls.first<UserRow>(
        'reading user',
        `SELECT ${COLUMNS} FROM users WHERE username_key = ?`,
        username.toLowerCase(),
      );
      return row && toRecord(row);
    },
    async list() {
      const rows = await calls.all<UserRow>(
        'listing users',
        `SELECT ${COLUMNS} FROM users ORDER BY created_at, id`,
      );
      return rows.map(toRecord);
    },
    // Absent fields of the patch bind NULL and keep their value (both columns are NOT NULL).
    update: async (id, patch) =>
      (await calls.changes(
        'updating user',
        `UPDATE users SET password_hash = coalesce(?, password_hash), role = coalesce(?, role) WHERE id = ?`,
        patch.passwordHash ?? null,
        patch.role ?? null,
        id,
      )) > 0,
    // Sessions, API tokens and grants go with the user (ON DELETE CASCADE; D1 enforces foreign keys).
    delete: async (id) => (await calls.changes('deleting user', 'DELETE FROM users WHERE id = ?', id)) > 0,
    async count() {
      const row = await calls.first<{ n: number }>('counting users', 'SELECT count(*) AS n FROM users');
      return row?.n ?? 0;
    },
  };
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    createdAt: row.created_at,
  };
}
