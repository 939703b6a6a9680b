import type { UserStore } from '@bosun/hub';
import { USER_SQL, type UserRow, userFromRow, usernameKey, userValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/**
 * The hub's user store on D1; usernames collide ignoring case (see `usernameKey`), as in the
 * SQLite store. Sessions, API tokens and grants go with their user: D1 enforces foreign keys.
 */
export function d1UserStore(calls: D1Calls): UserStore {
  const one = async (sql: string, value: string) => {
    const row = await calls.first<UserRow>('reading user', sql, value);
    return row && userFromRow(row);
  };
  return {
    async create(record) {
      await calls.insert(
        'creating user',
        'username is already taken',
        USER_SQL.insert,
        ...userValues(record),
      );
    },
    byId: (id) => one(USER_SQL.byId, id),
    byUsername: (username) => one(USER_SQL.byUsernameKey, usernameKey(username)),
    async list() {
      const rows = await calls.all<UserRow>('listing users', USER_SQL.list);
      return rows.map(userFromRow);
    },
    update: async (id, patch) =>
      (await calls.changes(
        'updating user',
        USER_SQL.update,
        patch.passwordHash ?? null,
        patch.role ?? null,
        id,
      )) > 0,
    delete: async (id) => (await calls.changes('deleting user', USER_SQL.delete, id)) > 0,
    async count() {
      const row = await calls.first<{ n: number }>('counting users', USER_SQL.count);
      return row?.n ?? 0;
    },
  };
}
