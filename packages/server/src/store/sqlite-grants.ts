import type { DatabaseSync } from 'node:sqlite';
import type { GrantRecord, GrantRole, GrantStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

type GrantRow = { user_id: string; agent_id: string; role: GrantRole; created_at: number };

const COLUMNS = 'user_id, agent_id, role, created_at';
const ORDER = 'ORDER BY created_at, user_id, agent_id';

/** The hub's grant store on SQLite; grants go with their user and their agent (ON DELETE CASCADE). */
export function sqliteGrantStore(db: DatabaseSync): GrantStore {
  // A grant set again keeps when it was first given.
  const upsert = db.prepare(
    `INSERT INTO grants (user_id, agent_id, role, created_at) VALUES (:userId, :agentId, :role, :createdAt)
     ON CONFLICT (user_id, agent_id) DO UPDATE SET role = excluded.role`,
  );
  const deleteOne = db.prepare('DELETE FROM grants WHERE user_id = ? AND agent_id = ?');
  const selectForUser = db.prepare(`SELECT ${COLUMNS} FROM grants WHERE user_id = ? ${ORDER}`);
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM grants ${ORDER}`);
  const deleteForAgent = db.prepare('DELETE FROM grants WHERE agent_id = ?');

  return {
    async put(record) {
      storeCall('setting grant', () =>
        upsert.run({
          userId: record.userId,
          agentId: record.agentId,
          role: record.role,
          createdAt: record.createdAt,
        }),
      );
    },
    async delete(userId, agentId) {
      const { changes } = storeCall('deleting grant', () => deleteOne.run(userId, agentId));
      return Number(changes) > 0;
    },
    async listForUser(userId) {
      const rows = storeCall('listing grants', () => selectForUser.all(userId)) as GrantRow[];
      return rows.map(toRecord);
    },
    async list() {
      const rows = storeCall('listing grants', () => selectAll.all()) as GrantRow[];
      return rows.map(toRecord);
    },
    async deleteForAgent(agentId) {
      const { changes } = storeCall('deleting grants', () => deleteForAgent.run(agentId));
      return Number(changes);
    },
  };
}

function toRecord(row: GrantRow): GrantRecord {
  return { userId: row.user_id, agentId: row.agent_id, role: row.role, createdAt: row.created_at };
}
