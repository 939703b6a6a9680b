import type { DatabaseSync } from 'node:sqlite';
import type { UserStore } from '@bosun/hub';
import { USER_SQL, type UserRow, userFromRow, usernameKey, userValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** The hub's user store on SQLite; usernames collide ignoring case (see `usernameKey`). */
export function sqliteUserStore(db: DatabaseSync): UserStore {
  const sql = prepareAll(db, USER_SQL);

  return {
    async create(record) {
      storeCall('creating user', () => sql.insert.run(...userValues(record)), 'username is already taken');
    },
    async byId(id) {
      const row = storeCall('reading user', () => sql.byId.get(id)) as UserRow | undefined;
      return row && userFromRow(row);
    },
    async byUsername(username) {
      const row = storeCall('reading user', () => sql.byUsernameKey.get(usernameKey(username))) as
        | UserRow
        | undefined;
      return row && userFromRow(row);
    },
    async list() {
      const rows = storeCall('listing users', () => sql.list.all()) as UserRow[];
      return rows.map(userFromRow);
    },
    async update(id, patch) {
      const { changes } = storeCall('updating user', () =>
        sql.update.run(patch.passwordHash ?? null, patch.role ?? null, id),
      );
      return Number(changes) > 0;
    },
    async delete(id) {
      const { changes } = storeCall('deleting user', () => sql.delete.run(id));
      return Number(changes) > 0;
    },
    async count() {
      const row = storeCall('counting users', () => sql.count.get());
      return Number(row?.n ?? 0);
    },
  };
}
