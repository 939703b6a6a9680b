import type { DatabaseSync } from 'node:sqlite';
import type { SessionStore } from '@bosun/hub';
import { SESSION_SQL, type SessionRow, sessionFromRow, sessionValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** The hub's session store on SQLite; sessions are found by the hash of their id, never the id. */
export function sqliteSessionStore(db: DatabaseSync): SessionStore {
  const sql = prepareAll(db, SESSION_SQL);

  return {
    async create(record) {
      storeCall(
        'creating session',
        () => sql.insert.run(...sessionValues(record)),
        'a session with this id already exists',
      );
    },
    async byIdHash(idHash) {
      const row = storeCall('reading session', () => sql.byIdHash.get(idHash)) as SessionRow | undefined;
      return row && sessionFromRow(row);
    },
    async touch(idHash, lastUsedAt, expiresAt) {
      storeCall('updating session', () => sql.touch.run(lastUsedAt, expiresAt, idHash));
    },
    async delete(idHash) {
      storeCall('deleting session', () => sql.delete.run(idHash));
    },
    async deleteForUser(userId, exceptIdHash) {
      storeCall('deleting sessions', () => sql.deleteForUser.run(userId, exceptIdHash ?? null));
    },
    async deleteExpired(now) {
      const { changes } = storeCall('deleting expired sessions', () => sql.deleteExpired.run(now));
      return Number(changes);
    },
  };
}
