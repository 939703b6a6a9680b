import type { AgentStore } from '@bosun/hub';
import { AGENT_SQL, type AgentRow, agentFromRow, agentValues, hostToJson } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/** The hub's agent store on D1; agents are found by the hash of their credential. */
export function d1AgentStore(calls: D1Calls): AgentStore {
  const one = async (sql: string, value: string) => {
    const row = await calls.first<AgentRow>('reading agent', sql, value);
    return row && agentFromRow(row);
  };
  return {
    async create(record) {
      await calls.insert(
        'creating agent',
        'an agent with this id, credential or name already exists',
        AGENT_SQL.insert,
        ...agentValues(record),
      );
    },
    byId: (id) => one(AGENT_SQL.byId, id),
    byName: (name) => one(AGENT_SQL.byName, name),
    byCredentialHash: (hash) => one(AGENT_SQL.byCredentialHash, hash),
    async list() {
      const rows = await calls.all<AgentRow>('listing agents', AGENT_SQL.list);
      return rows.map(agentFromRow);
    },
    async touch(id, lastSeenAt, host) {
      await calls.changes('updating agent', AGENT_SQL.touch, lastSeenAt, hostToJson(host ?? null), id);
    },
    revoke: async (id, at) => (await calls.changes('revoking agent', AGENT_SQL.revoke, at, id)) > 0,
  };
}
