import type { DatabaseSync } from 'node:sqlite';
import type { HostRetentionStore } from '@bosun/hub';
import { HOST_RETENTION_SQL, type HostRetentionRow, hostRetentionFromRows } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** Per-host retention policies on SQLite; a host's row goes with the host. */
export function sqliteHostRetentionStore(db: DatabaseSync): HostRetentionStore {
  const sql = prepareAll(db, HOST_RETENTION_SQL);
  return {
    async list() {
      const rows = storeCall('reading retention policies', () => sql.list.all()) as HostRetentionRow[];
      return hostRetentionFromRows(rows);
    },
    async set({ agentId, policy, updatedAt }) {
      storeCall('storing a retention policy', () => sql.set.run(agentId, policy, updatedAt));
    },
    async delete(agentId) {
      const result = storeCall('deleting a retention policy', () => sql.delete.run(agentId));
      return Number(result.changes) > 0;
    },
  };
}
