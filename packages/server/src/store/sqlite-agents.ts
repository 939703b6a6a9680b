import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AgentStore } from '@bosun/hub';
import { AGENT_SQL, type AgentRow, agentFromRow, agentValues, hostToJson } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** The hub's agent store on SQLite; agents are found by the hash of their credential. */
export function sqliteAgentStore(db: DatabaseSync): AgentStore {
  const sql = prepareAll(db, AGENT_SQL);
  const one = (value: string, statement: StatementSync) => {
    const row = storeCall('reading agent', () => statement.get(value)) as AgentRow | undefined;
    return row && agentFromRow(row);
  };

  return {
    async create(record) {
      storeCall(
        'creating agent',
        () => sql.insert.run(...agentValues(record)),
        'an agent with this id, credential or name already exists',
      );
    },
    byId: async (id) => one(id, sql.byId),
    byName: async (name) => one(name, sql.byName),
    byCredentialHash: async (hash) => one(hash, sql.byCredentialHash),
    async list() {
      const rows = storeCall('listing agents', () => sql.list.all()) as AgentRow[];
      return rows.map(agentFromRow);
    },
    async touch(id, lastSeenAt, host) {
      storeCall('updating agent', () => sql.touch.run(lastSeenAt, hostToJson(host ?? null), id));
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking agent', () => sql.revoke.run(at, id));
      return Number(changes) > 0;
    },
  };
}
