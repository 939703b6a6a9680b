import type { DatabaseSync } from 'node:sqlite';
import type { ApiTokenRecord, ApiTokenStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

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

/** The hub's API token store on SQLite; tokens are found by their hash, and revoked ones stay listed. */
export function sqliteApiTokenStore(db: DatabaseSync): ApiTokenStore {
  const insert = db.prepare(
    `INSERT INTO api_tokens (${COLUMNS})
     VALUES (:id, :userId, :name, :tokenHash, :createdAt, :expiresAt, :lastUsedAt, :revokedAt)`,
  );
  const selectByHash = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`);
  const selectById = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`);
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`);
  const selectByUser = db.prepare(
    `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`,
  );
  // Revoked tokens stay (listed, with revokedAt) so users can see what was cut off and when.
  const updateRevoked = db.prepare(
    'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const updateRevokedForUser = db.prepare(
    `UPDATE api_tokens SET revoked_at = :at
     WHERE user_id = :userId AND revoked_at IS NULL AND id IS NOT :exceptId`,
  );
  const updateUsed = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');

  return {
    async create(record) {
      storeCall(
        'creating API token',
        () =>
          insert.run({
            id: record.id,
            userId: record.userId,
            name: record.name,
            tokenHash: record.tokenHash,
            createdAt: record.createdAt,
            expiresAt: record.expiresAt,
            lastUsedAt: record.lastUsedAt,
            revokedAt: record.revokedAt,
          }),
        'an API token with this id or value already exists',
      );
    },
    async byHash(tokenHash) {
      const row = storeCall('reading API token', () => selectByHash.get(tokenHash)) as
        | ApiTokenRow
        | undefined;
      return row && toRecord(row);
    },
    async byId(id) {
      const row = storeCall('reading API token', () => selectById.get(id)) as ApiTokenRow | undefined;
      return row && toRecord(row);
    },
    async list() {
      const rows = storeCall('listing API tokens', () => selectAll.all()) as ApiTokenRow[];
      return rows.map(toRecord);
    },
    async listForUser(userId) {
      const rows = storeCall('listing API tokens', () => selectByUser.all(userId)) as ApiTokenRow[];
      return rows.map(toRecord);
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking API token', () => updateRevoked.run(at, id));
      return Number(changes) > 0;
    },
    async revokeForUser(userId, at, exceptId) {
      const { changes } = storeCall('revoking API tokens', () =>
        updateRevokedForUser.run({ at, userId, exceptId: exceptId ?? null }),
      );
      return Number(changes);
    },
    async touch(id, lastUsedAt) {
      storeCall('updating API token', () => updateUsed.run(lastUsedAt, id));
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
