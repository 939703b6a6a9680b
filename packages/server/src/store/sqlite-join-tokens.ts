import type { DatabaseSync } from 'node:sqlite';
import type { JoinTokenRecord, JoinTokenStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

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
 * The hub's join token store on SQLite; one statement checks and marks a token used, so a token
 * joins one agent only.
 */
export function sqliteJoinTokenStore(db: DatabaseSync): JoinTokenStore {
  const insert = db.prepare(
    `INSERT INTO join_tokens (${COLUMNS})
     VALUES (:id, :tokenHash, :name, :createdBy, :createdAt, :expiresAt, :usedAt, :usedByAgent, :revokedAt)`,
  );
  // One statement checks and marks the token, so two agents presenting the same
  // token (even through two processes on one file) cannot both get it.
  const consume = db.prepare(
    `UPDATE join_tokens SET used_at = :now, used_by_agent = :agentId
     WHERE token_hash = :tokenHash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
     RETURNING ${COLUMNS}`,
  );
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM join_tokens ORDER BY created_at, id`);
  const deleteById = db.prepare('DELETE FROM join_tokens WHERE id = ?');
  // Same guard as consume's, so a token is either used or revoked, never both.
  const updateRevoked = db.prepare(
    'UPDATE join_tokens SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL',
  );

  return {
    async create(record) {
      storeCall(
        'creating join token',
        () =>
          insert.run({
            id: record.id,
            tokenHash: record.tokenHash,
            name: record.name,
            createdBy: record.createdBy,
            createdAt: record.createdAt,
            expiresAt: record.expiresAt,
            usedAt: record.usedAt,
            usedByAgent: record.usedByAgent,
            revokedAt: record.revokedAt,
          }),
        'a join token with this id or value already exists',
      );
    },
    async consume(tokenHash, now, agentId) {
      const row = storeCall('consuming join token', () => consume.get({ tokenHash, now, agentId })) as
        | JoinTokenRow
        | undefined;
      return row && toRecord(row);
    },
    async list() {
      const rows = storeCall('listing join tokens', () => selectAll.all()) as JoinTokenRow[];
      return rows.map(toRecord);
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking join token', () => updateRevoked.run(at, id));
      return Number(changes) > 0;
    },
    async delete(id) {
      const { changes } = storeCall('deleting join token', () => deleteById.run(id));
      return Number(changes) > 0;
    },
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
