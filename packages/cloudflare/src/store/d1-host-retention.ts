import { type HostRetentionRecord, type HostRetentionStore, parseRetentionPolicy } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type HostRetentionRow = { agent_id: string; policy: string; updated_at: number };

/** Per-host retention policies on D1; a host's row goes with the host. */
export function d1HostRetentionStore(calls: D1Calls): HostRetentionStore {
  return {
    async list() {
      const rows = await calls.all<HostRetentionRow>(
        'reading retention policies',
        'SELECT agent_id, policy, updated_at FROM host_retention ORDER BY agent_id',
      );
      return rows.flatMap((row): HostRetentionRecord[] => {
        // The table's CHECK admits only known policies; a row a newer bosun wrote is left alone.
        const policy = parseRetentionPolicy(row.policy);
        return policy ? [{ agentId: row.agent_id, policy, updatedAt: row.updated_at }] : [];
      });
    },
    async set({ agentId, policy, updatedAt }) {
      await calls.changes(
        'storing a retention policy',
        `INSERT INTO host_retention (agent_id, policy, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
        agentId,
        policy,
        updatedAt,
      );
    },
    delete: async (agentId) =>
      (await calls.changes(
        'deleting a retention policy',
        'DELETE FROM host_retention WHERE agent_id = ?',
        agentId,
      )) > 0,
  };
}
