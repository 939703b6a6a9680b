import type { DatabaseSync } from 'node:sqlite';
import type { SessionRecord, SessionStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

type SessionRow = {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
};

const COLUMNS = 'id_hash, user_id, created_at, expires_at, last_used_at';

/** The hub's session store on SQLite; sessions are found by the hash of their id, never the id. */
export function sqliteSessionStore(db: DatabaseSync): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (${COLUMNS}) VALUES (:idHash, :userId, :createdAt, :expiresAt, :lastUsedAt)`,
  );
  const selectByHash = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id_hash = ?`);
  const updateUsed = db.prepare('UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id_hash = ?');
  const deleteByHash = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  // `IS NOT NULL` holds for every row (id_hash is the key), so no exception means all of them.
  const deleteByUser = db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?');
  // Expired at expires_at itself, the same boundary as join tokens.
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    async create(record) {
      storeCall(
        'creating session',
        () =>
          insert.run({
            idHash: record.idHash,
            userId: record.userId,
            createdAt: record.createdAt,
            expiresAt: record.expiresAt,
            lastUsedAt: record.lastUsedAt,
          }),
        'a session with this id already exists',
      );
    },
    async byIdHash(idHash) {
      const row = storeCall('reading session', () => selectByHash.get(idHash)) as SessionRow | undefined;
      return row && toRecord(row);
    },
    async touch(idHash, lastUsedAt, expiresAt) {
      storeCall('updating session', () => updateUsed.run(lastUsedAt, expiresAt, idHash));
    },
    async delete(idHash) {
      storeCall('deleting session', () => deleteByHash.run(idHash));
    },
    async deleteForUser(userId, exceptIdHash) {
      storeCall('deleting sessions', () => deleteByUser.run(userId, exceptIdHash ?? null));
    },
    async deleteExpired(now) {
      const { changes } = storeCall('deleting expired sessions', () => deleteExpired.run(now));
      return Number(changes);
    },
  };
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
