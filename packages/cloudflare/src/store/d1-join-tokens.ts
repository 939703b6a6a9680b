import type { JoinTokenStore } from '@bosun/hub';
import { JOIN_TOKEN_SQL, type JoinTokenRow, joinTokenFromRow, joinTokenValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/**
 * The hub's join token store on D1; one statement checks and marks a token used, so a token
 * joins one agent only (D1 has no transaction spanning a read and a write).
 */
export function d1JoinTokenStore(calls: D1Calls): JoinTokenStore {
  return {
    async create(record) {
      await calls.insert(
        'creating join token',
        'a join token with this id or value already exists',
        JOIN_TOKEN_SQL.insert,
        ...joinTokenValues(record),
      );
    },
    async consume(tokenHash, now, agentId) {
      const row = await calls.first<JoinTokenRow>(
        'consuming join token',
        JOIN_TOKEN_SQL.consume,
        now,
        agentId,
        tokenHash,
      );
      return row && joinTokenFromRow(row);
    },
    async list() {
      const rows = await calls.all<JoinTokenRow>('listing join tokens', JOIN_TOKEN_SQL.list);
      return rows.map(joinTokenFromRow);
    },
    revoke: async (id, at) => (await calls.changes('revoking join token', JOIN_TOKEN_SQL.revoke, at, id)) > 0,
    delete: async (id) => (await calls.changes('deleting join token', JOIN_TOKEN_SQL.delete, id)) > 0,
  };
}
