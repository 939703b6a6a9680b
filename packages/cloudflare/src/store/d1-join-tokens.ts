import type { JoinTokenRecord, JoinTokenStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type JoinTokenRow = {
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

const COLUMNS =
  'id, token_hash, name, created_by, created_at, expires_at, used_at, used_by_agent, revoked_at';

/**
 * The hub's join token store on D1; one statement checks and marks a token used, so a token
 * joins one agent only.
 */
export function d1JoinTokenStore(calls: D1Calls): JoinTokenStore {
  return {
    async create(record) {
      await calls.insert(
        'creating join token',
        'a join token with this id or value already exists',
        `INSERT INTO join_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        record.id,
        record.tokenHash,
        record.name,
        record.createdBy,
        record.createdAt,
        record.expiresAt,
        record.usedAt,
        record.usedByAgent,
        record.revokedAt,
      );
    },
    // D1 has no transaction spanning a read and a write: one statement checks and marks the
    // token, so two agents presenting the same token cannot both get it.
    async consume(tokenHash, now, agentId) {
      const row = await calls.first<JoinTokenRow>(
        'consuming join token',
        `UPDATE join_tokens SET used_at = ?1, used_by_agent = ?2
         WHERE token_hash = ?3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1
         RETURNING ${COLUMNS}`,
        now,
        agentId,
        tokenHash,
      );
      return row && toRecord(row);
    },
    async list() {
      const rows = await calls.all<JoinTokenRow>(
        'listing join tokens',
        `SELECT ${COLUMNS} FROM join_tokens ORDER BY created_at, id`,
      );
      return rows.map(toRecord);
    },
    // Same guard as consume's, so a token is either used or revoked, never both.
    revoke: async (id, at) =>
      (await calls.changes(
        'revoking join token',
        'UPDATE join_tokens SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL',
        at,
        id,
      )) > 0,
    delete: async (id) =>
      (await calls.changes('deleting join token', 'DELETE FROM join_tokens WHERE id = ?', id)) > 0,
  };
}

function toRecord(row: JoinTokenRow): JoinTokenRecord {
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
