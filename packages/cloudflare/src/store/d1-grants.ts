import type { GrantStore } from '@bosun/hub';
import { GRANT_SQL, type GrantRow, grantFromRow, grantValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/** The hub's grant store on D1; grants go with their user and their agent (ON DELETE CASCADE). */
export function d1GrantStore(calls: D1Calls): GrantStore {
  return {
    async put(record) {
      await calls.changes('setting grant', GRANT_SQL.put, ...grantValues(record));
    },
    delete: async (userId, agentId) =>
      (await calls.changes('deleting grant', GRANT_SQL.delete, userId, agentId)) > 0,
    async listForUser(userId) {
      const rows = await calls.all<GrantRow>('listing grants', GRANT_SQL.listForUser, userId);
      return rows.map(grantFromRow);
    },
    async list() {
      const rows = await calls.all<GrantRow>('listing grants', GRANT_SQL.list);
      return rows.map(grantFromRow);
    },
    deleteForAgent: (agentId) => calls.changes('deleting grants', GRANT_SQL.deleteForAgent, agentId),
  };
}
