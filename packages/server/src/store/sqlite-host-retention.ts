import type { DatabaseSync } from 'node:sqlite';
import { type HostRetentionRecord, type HostRetentionStore, parseRetentionPolicy } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

type HostRetentionRow = { agent_id: string; policy: string; updated_at: number };

/** Per-host retention policies on SQLite; a host's row goes with the host. */
export function sqliteHostRetentionStore(db: DatabaseSync): HostRetentionStore {
  const selectAll = db.prepare('SELECT agent_id, policy, updated_at FROM host_retention ORDER BY agent_id');
  const upsert = db.prepare(
    `INSERT INTO host_retention (agent_id, policy, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (agent_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
  );
  const deleteOne = db.prepare('DELETE FROM host_retention WHERE agent_id = ?');
  return {
    async list() {
      const rows = storeCall('reading retention policies', () => selectAll.all()) as HostRetentionRow[];
      return rows.flatMap((row): HostRetentionRecord[] => {
        // The table's CHECK admits only known policies; a row a newer bosun wrote is left alone.
        const policy = parseRetentionPolicy(row.policy);
        return policy ? [{ agentId: row.agent_id, policy, updatedAt: row.updated_at }] : [];
      });
    },
    async set({ agentId, policy, updatedAt }) {
      storeCall('storing a retention policy', () => upsert.run(agentId, policy, updatedAt));
    },
    async delete(agentId) {
      const result = storeCall('deleting a retention policy', () => deleteOne.run(agentId));
      return Number(result.changes) > 0;
    },
  };
}
