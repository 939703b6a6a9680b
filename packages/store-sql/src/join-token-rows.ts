import type { JoinTokenRecord } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** A `join_tokens` row as SQLite answers it. */
export type JoinTokenRow = {
  id: string;
  token_hash: string;
  name: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_agent: string | null;
  revoked_at: number | null;
};

/** The columns of `join_tokens`, in the order `joinTokenValues` gives their values. */
export const JOIN_TOKEN_COLUMNS =
  'id, token_hash, name, created_by, created_at, expires_at, used_at, used_by_agent, revoked_at';

/** The join token store's statements, parameters by position. */
export const JOIN_TOKEN_SQL = {
  insert: `INSERT INTO join_tokens (${JOIN_TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // One statement checks and marks the token, so two agents presenting the same token (through
  // two processes on one file, or two D1 calls) cannot both get it: (now, agentId, tokenHash).
  consume: `UPDATE join_tokens SET used_at = ?1, used_by_agent = ?2
    WHERE token_hash = ?3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1
    RETURNING ${JOIN_TOKEN_COLUMNS}`,
  list: `SELECT ${JOIN_TOKEN_COLUMNS} FROM join_tokens ORDER BY created_at, id`,
  // Same guard as consume's, so a token is either used or revoked, never both: (at, id).
  revoke: 'UPDATE join_tokens SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL',
  delete: 'DELETE FROM join_tokens WHERE id = ?',
} as const;

/** The values of `record` for `JOIN_TOKEN_SQL.insert`, in `JOIN_TOKEN_COLUMNS` order. */
export function joinTokenValues(record: JoinTokenRecord): SqlValue[] {
  return [
    record.id,
    record.tokenHash,
    record.name,
    record.createdBy,
    record.createdAt,
    record.expiresAt,
    record.usedAt,
    record.usedByAgent,
    record.revokedAt,
  ];
}

/** The join token a `join_tokens` row holds. */
export function joinTokenFromRow(row: JoinTokenRow): JoinTokenRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedByAgent: row.used_by_agent,
    revokedAt: row.revoked_at,
  };
}
