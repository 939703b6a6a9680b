import type { DatabaseSync } from 'node:sqlite';
import type { Role, UserRecord, UserStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
};

const COLUMNS = 'id, username, password_hash, role, created_at';

/**
 * Usernames are unique and looked up ignoring case, folded with toLowerCase in
 * JavaScript rather than by SQLite (whose NOCASE folds ASCII only), so SQLite,
 * D1 and the in-memory store agree on which names collide.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** The hub's user store on SQLite; usernames collide ignoring case (see `usernameKey`). */
export function sqliteUserStore(db: DatabaseSync): UserStore {
  const insert = db.prepare(
    `INSERT INTO users (id, username, username_key, password_hash, role, created_at)
     VALUES (:id, :username, :usernameKey, :passwordHash, :role, :createdAt)`,
  );
  const selectById = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const selectByKey = db.prepare(`SELECT ${COLUMNS} FROM users WHERE username_key = ?`);
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY created_at, id`);
  // Absent fields of the patch bind NULL and keep their value (both columns are NOT NULL).
  const update = db.prepare(
    `UPDATE users SET password_hash = coalesce(:passwordHash, password_hash), role = coalesce(:role, role)
     WHERE id = :id`,
  );
  // Sessions and API tokens go with the user (ON DELETE CASCADE).
  const deleteById = db.prepare('DELETE FROM users WHERE id = ?');
  const countAll = db.prepare('SELECT count(*) AS n FROM users');

  return {
    async create(record) {
      storeCall(
        'creating user',
        () =>
          insert.run({
            id: record.id,
            username: record.username,
            usernameKey: usernameKey(record.username),
            passwordHash: record.passwordHash,
            role: record.role,
            createdAt: record.createdAt,
          }),
        'username is already taken',
      );
    },
    async byId(id) {
      const row = storeCall('reading user', () => selectById.get(id)) as UserRow | undefined;
      return row && toRecord(row);
    },
    async byUsername(username) {
      const row = storeCall('reading user', () => selectByKey.get(usernameKey(username))) as
        | UserRow
        | undefined;
      return row && toRecord(row);
    },
    async list() {
      const rows = storeCall('listing users', () => selectAll.all()) as UserRow[];
      return rows.map(toRecord);
    },
    async update(id, patch) {
      const { changes } = storeCall('updating user', () =>
        update.run({ id, passwordHash: patch.passwordHash ?? null, role: patch.role ?? null }),
      );
      return Number(changes) > 0;
    },
    async delete(id) {
      const { changes } = storeCall('deleting user', () => deleteById.run(id));
      return Number(changes) > 0;
    },
    async count() {
      const row = storeCall('counting users', () => countAll.get());
      return Number(row?.n ?? 0);
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
