import type { SessionRecord, SessionStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type SessionRow = {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
};

const COLUMNS = 'id_hash, user_id, created_at, expires_at, last_used_at';

/** The hub's session store on D1; sessions are found by the hash of their id, never the id. */
export function d1SessionStore(calls: D1Calls): SessionStore {
  return {
    async create(record) {
      await calls.insert(
        'creating session',
        'a session with this id already exists',
        `INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
        record.idHash,
        record.userId,
        record.createdAt,
        record.expiresAt,
        record.lastUsedAt,
      );
    },
    async byIdHash(idHash) {
      const row = await calls.first<SessionRow>(
        'reading session',
        `SELECT ${COLUMNS} FROM sessions WHERE id_hash = ?`,
        idHash,
      );
      return row && toRecord(row);
    },
    async touch(idHash, lastUsedAt, expiresAt) {
      await calls.changes(
        'updating session',
        'UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id_hash = ?',
        lastUsedAt,
        expiresAt,
        idHash,
      );
    },
    async delete(idHash) {
      await calls.changes('deleting session', 'DELETE FROM sessions WHERE id_hash = ?', idHash);
    },
    async deleteForUser(userId, exceptIdHash) {
      // `IS NOT NULL` holds for every row (id_hash is the key), so no exception means all of them.
      await calls.changes(
        'deleting sessions',
        'DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?',
        userId,
        exceptIdHash ?? null,
      );
    },
    // Expired at expires_at itself, the same boundary as join tokens.
    deleteExpired: (now) =>
      calls.changes('deleting expired sessions', 'DELETE FROM sessions WHERE expires_at <= ?', now),
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
