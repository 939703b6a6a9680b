import type { ApiTokenRecord } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** An `api_tokens` row as SQLite answers it. */
export type ApiTokenRow = {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
};

/** The columns of `api_tokens`, in the order `apiTokenValues` gives their values. */
export const API_TOKEN_COLUMNS =
  'id, user_id, name, token_hash, created_at, expires_at, last_used_at, revoked_at';

/** The API token store's statements, parameters by position. */
export const API_TOKEN_SQL = {
  insert: `INSERT INTO api_tokens (${API_TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  byHash: `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?`,
  byId: `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`,
  list: `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`,
  listForUser: `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`,
  // Revoked tokens stay (listed, with revokedAt) so users can see what was cut off and when: (at, id).
  revoke: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  // (at, userId, exceptId or NULL for none)
  revokeForUser:
    'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?',
  // (lastUsedAt, id)
  touch: 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?',
} as const;

/** The values of `record` for `API_TOKEN_SQL.insert`, in `API_TOKEN_COLUMNS` order. */
export function apiTokenValues(record: ApiTokenRecord): SqlValue[] {
  return [
    record.id,
    record.userId,
    record.name,
    record.tokenHash,
    record.createdAt,
    record.expiresAt,
    record.lastUsedAt,
    record.revokedAt,
  ];
}

/** The API token an `api_tokens` row holds. */
export function apiTokenFromRow(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
