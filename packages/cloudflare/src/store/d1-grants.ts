import type { GrantRecord, GrantRole, GrantStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type GrantRow = { user_id: string; agent_id: string; role: GrantRole; created_at: number };

const SELECT = 'SELECT user_id, agent_id, role, created_at FROM grants';
const ORDER = 'ORDER BY created_at, user_id, agent_id';

/** The hub's grant store on D1; grants go with their user and their agent (ON DELETE CASCADE). */
export function d1GrantStore(calls: D1Calls): GrantStore {
  return {
    async put(record) {
      // A grant set again keeps when it was first given.
      await calls.changes(
        'setting grant',
        `INSERT INTO grants (user_id, agent_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, agent_id) DO UPDATE SET role = excluded.role`,
        record.userId,
        record.agentId,
        record.role,
        record.createdAt,
      );
    },
    delete: async (userId, agentId) =>
      (await calls.changes(
        'deleting grant',
        'DELETE FROM grants WHERE user_id = ? AND agent_id = ?',
        userId,
        agentId,
      )) > 0,
    async listForUser(userId) {
      const rows = await calls.all<GrantRow>(
        'listing grants',
        `${SELECT} WHERE user_id = ? ${ORDER}`,
        userId,
      );
      return rows.map(toRecord);
    },
    async list() {
      const rows = await calls.all<GrantRow>('listing grants', `${SELECT} ${ORDER}`);
      return rows.map(toRecord);
    },
    deleteForAgent: (agentId) =>
      calls.changes('deleting grants', 'DELETE FROM grants WHERE agent_id = ?', agentId),
  };
}

function toRecord(row: GrantRow): GrantRecord {
  return { userId: row.user_id, agentId: row.agent_id, role: row.role, createdAt: row.created_at };
}
