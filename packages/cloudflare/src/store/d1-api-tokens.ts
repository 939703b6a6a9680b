import type { ApiTokenRecord, ApiTokenStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type ApiTokenRow = {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
};

const COLUMNS = 'id, user_id, name, token_hash, created_at, expires_at, last_used_at, revoked_at';

/** The hub's API token store on D1; tokens are found by their hash, and revoked ones stay listed. */
export function d1ApiTokenStore(calls: D1Calls): ApiTokenStore {
  const one = async (where: string, value: string) => {
    const row = await calls.first<ApiTokenRow>(
      'reading API token',
      `SELECT ${COLUMNS} FROM api_tokens ${where}`,
      value,
    );
    return row && toRecord(row);
  };
  const many = async (where: string, ...values: unknown[]) => {
    const rows = await calls.all<ApiTokenRow>(
      'listing API tokens',
      `SELECT ${COLUMNS} FROM api_tokens ${where} ORDER BY created_at, id`,
      ...values,
    );
    return rows.map(toRecord);
  };

  return {
    async create(record) {
      await calls.insert(
        'creating API token',
        'an API token with this id or value already exists',
        `INSERT INTO api_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        record.id,
        record.userId,
        record.name,
        record.tokenHash,
        record.createdAt,
        record.expiresAt,
        record.lastUsedAt,
        record.revokedAt,
      );
    },
    byHash: (tokenHash) => one('WHERE token_hash = ?', tokenHash),
    byId: (id) => one('WHERE id = ?', id),
    list: () => many(''),
    listForUser: (userId) => many('WHERE user_id = ?', userId),
    // Revoked tokens stay (listed, with revokedAt) so users can see what was cut off and when.
    revoke: async (id, at) =>
      (await calls.changes(
        'revoking API token',
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
        at,
        id,
      )) > 0,
    revokeForUser: (userId, at, exceptId) =>
      calls.changes(
        'revoking API tokens',
        'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?',
        at,
        userId,
        exceptId ?? null,
      ),
    async touch(id, lastUsedAt) {
      await calls.changes(
        'updating API token',
        'UPDATE api_tokens SET last_used_at = ? WHERE id = ?',
        lastUsedAt,
        id,
      );
    },
  };
}

function toRecord(row: ApiTokenRow): ApiTokenRecord {
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
