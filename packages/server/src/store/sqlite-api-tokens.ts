import type { DatabaseSync } from 'node:sqlite';
import type { ApiTokenStore } from '@bosun/hub';
import { API_TOKEN_SQL, type ApiTokenRow, apiTokenFromRow, apiTokenValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';

/** The hub's API token store on SQLite; tokens are found by their hash, and revoked ones stay listed. */
export function sqliteApiTokenStore(db: DatabaseSync): ApiTokenStore {
  const sql = prepareAll(db, API_TOKEN_SQL);

  return {
    async create(record) {
      storeCall(
        'creating API token',
        () => sql.insert.run(...apiTokenValues(record)),
        'an API token with this id or value already exists',
      );
    },
    async byHash(tokenHash) {
      const row = storeCall('reading API token', () => sql.byHash.get(tokenHash)) as ApiTokenRow | undefined;
      return row && apiTokenFromRow(row);
    },
    async byId(id) {
      const row = storeCall('reading API token', () => sql.byId.get(id)) as ApiTokenRow | undefined;
      return row && apiTokenFromRow(row);
    },
    async list() {
      const rows = storeCall('listing API tokens', () => sql.list.all()) as ApiTokenRow[];
      return rows.map(apiTokenFromRow);
    },
    async listForUser(userId) {
      const rows = storeCall('listing API tokens', () => sql.listForUser.all(userId)) as ApiTokenRow[];
      return rows.map(apiTokenFromRow);
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking API token', () => sql.revoke.run(at, id));
      return Number(changes) > 0;
    },
    async revokeForUser(userId, at, exceptId) {
      const { changes } = storeCall('revoking API tokens', () =>
        sql.revokeForUser.run(at, userId, exceptId ?? null),
      );
      return Number(changes);
    },
    async touch(id, lastUsedAt) {
      storeCall('updating API token', () => sql.touch.run(lastUsedAt, id));
    },
  };
}
