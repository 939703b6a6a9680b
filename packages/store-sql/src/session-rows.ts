import type { SessionRecord } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** A `sessions` row as SQLite answers it. */
export type SessionRow = {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
};

/** The columns of `sessions`, in the order `sessionValues` gives their values. */
export const SESSION_COLUMNS = 'id_hash, user_id, created_at, expires_at, last_used_at';

/** The session store's statements, parameters by position. */
export const SESSION_SQL = {
  insert: `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
  byIdHash: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = ?`,
  // (lastUsedAt, expiresAt, idHash)
  touch: 'UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id_hash = ?',
  delete: 'DELETE FROM sessions WHERE id_hash = ?',
  // `IS NOT NULL` holds for every row (id_hash is the key), so no exception means all of them.
  deleteForUser: 'DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?',
  // Expired at expires_at itself, the same boundary as join tokens.
  deleteExpired: 'DELETE FROM sessions WHERE expires_at <= ?',
} as const;

/** The values of `record` for `SESSION_SQL.insert`, in `SESSION_COLUMNS` order. */
export function sessionValues(record: SessionRecord): SqlValue[] {
  return [record.idHash, record.userId, record.createdAt, record.expiresAt, record.lastUsedAt];
}

/** The session a `sessions` row holds. */
export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
