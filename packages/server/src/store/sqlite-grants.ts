import type { DatabaseSync } from 'node:sqlite';
import type { GrantStore } from '@bosun/hub';
import { GRANT_SQL, type GrantRow, grantFromRow, grantValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** The hub's grant store on SQLite; grants go with their user and their agent (ON DELETE CASCADE). */
export function sqliteGrantStore(db: DatabaseSync): GrantStore {
  const sql = prepareAll(db, GRANT_SQL);

  return {
    async put(record) {
      storeCall('setting grant', () => sql.put.run(...grantValues(record)));
    },
    async delete(userId, agentId) {
      const { changes } = storeCall('deleting grant', () => sql.delete.run(userId, agentId));
      return Number(changes) > 0;
    },
    async listForUser(userId) {
      const rows = storeCall('listing grants', () => sql.listForUser.all(userId)) as GrantRow[];
      return rows.map(grantFromRow);
    },
    async list() {
      const rows = storeCall('listing grants', () => sql.list.all()) as GrantRow[];
      return rows.map(grantFromRow);
    },
    async deleteForAgent(agentId) {
      const { changes } = storeCall('deleting grants', () => sql.deleteForAgent.run(agentId));
      return Number(changes);
    },
  };
}
