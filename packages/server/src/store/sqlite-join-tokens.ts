import type { DatabaseSync } from 'node:sqlite';
import type { JoinTokenStore } from '@bosun/hub';
import { JOIN_TOKEN_SQL, type JoinTokenRow, joinTokenFromRow, joinTokenValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/**
 * The hub's join token store on SQLite; one statement checks and marks a token used, so a token
 * joins one agent only.
 */
export function sqliteJoinTokenStore(db: DatabaseSync): JoinTokenStore {
  const sql = prepareAll(db, JOIN_TOKEN_SQL);

  return {
    async create(record) {
      storeCall(
        'creating join token',
        () => sql.insert.run(...joinTokenValues(record)),
        'a join token with this id or value already exists',
      );
    },
    async consume(tokenHash, now, agentId) {
      const row = storeCall('consuming join token', () => sql.consume.get(now, agentId, tokenHash)) as
        | JoinTokenRow
        | undefined;
      return row && joinTokenFromRow(row);
    },
    async list() {
      const rows = storeCall('listing join tokens', () => sql.list.all()) as JoinTokenRow[];
      return rows.map(joinTokenFromRow);
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking join token', () => sql.revoke.run(at, id));
      return Number(changes) > 0;
    },
    async delete(id) {
      const { changes } = storeCall('deleting join token', () => sql.delete.run(id));
      return Number(changes) > 0;
    },
  };
}
