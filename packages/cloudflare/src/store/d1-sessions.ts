import type { SessionStore } from '@bosun/hub';
import { SESSION_SQL, type SessionRow, sessionFromRow, sessionValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/** The hub's session store on D1; sessions are found by the hash of their id, never the id. */
export function d1SessionStore(calls: D1Calls): SessionStore {
  return {
    async create(record) {
      await calls.insert(
        'creating session',
        'a session with this id already exists',
        SESSION_SQL.insert,
        ...sessionValues(record),
      );
    },
    async byIdHash(idHash) {
      const row = await calls.first<SessionRow>('reading session', SESSION_SQL.byIdHash, idHash);
      return row && sessionFromRow(row);
    },
    async touch(idHash, lastUsedAt, expiresAt) {
      await calls.changes('updating session', SESSION_SQL.touch, lastUsedAt, expiresAt, idHash);
    },
    async delete(idHash) {
      await calls.changes('deleting session', SESSION_SQL.delete, idHash);
    },
    async deleteForUser(userId, exceptIdHash) {
      await calls.changes('deleting sessions', SESSION_SQL.deleteForUser, userId, exceptIdHash ?? null);
    },
    deleteExpired: (now) => calls.changes('deleting expired sessions', SESSION_SQL.deleteExpired, now),
  };
}
