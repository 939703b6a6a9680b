import type { HostRetentionStore } from '@bosun/hub';
import { HOST_RETENTION_SQL, type HostRetentionRow, hostRetentionFromRows } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/** Per-host retention policies on D1; a host's row goes with the host. */
export function d1HostRetentionStore(calls: D1Calls): HostRetentionStore {
  return {
    async list() {
      const rows = await calls.all<HostRetentionRow>('reading retention policies', HOST_RETENTION_SQL.list);
      return hostRetentionFromRows(rows);
    },
    async set({ agentId, policy, updatedAt }) {
      await calls.changes('storing a retention policy', HOST_RETENTION_SQL.set, agentId, policy, updatedAt);
    },
    delete: async (agentId) =>
      (await calls.changes('deleting a retention policy', HOST_RETENTION_SQL.delete, agentId)) > 0,
  };
}
