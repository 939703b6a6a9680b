import type { ApiTokenStore } from '@bosun/hub';
import { API_TOKEN_SQL, type ApiTokenRow, apiTokenFromRow, apiTokenValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/** The hub's API token store on D1; tokens are found by their hash, and revoked ones stay listed. */
export function d1ApiTokenStore(calls: D1Calls): ApiTokenStore {
  const one = async (sql: string, value: string) => {
    const row = await calls.first<ApiTokenRow>('reading API token', sql, value);
    return row && apiTokenFromRow(row);
  };
  const many = async (sql: string, ...values: string[]) => {
    const rows = await calls.all<ApiTokenRow>('listing API tokens', sql, ...values);
    return rows.map(apiTokenFromRow);
  };

  return {
    async create(record) {
      await calls.insert(
        'creating API token',
        'an API token with this id or value already exists',
        API_TOKEN_SQL.insert,
        ...apiTokenValues(record),
      );
    },
    byHash: (tokenHash) => one(API_TOKEN_SQL.byHash, tokenHash),
    byId: (id) => one(API_TOKEN_SQL.byId, id),
    list: () => many(API_TOKEN_SQL.list),
    listForUser: (userId) => many(API_TOKEN_SQL.listForUser, userId),
    revoke: async (id, at) => (await calls.changes('revoking API token', API_TOKEN_SQL.revoke, at, id)) > 0,
    revokeForUser: (userId, at, exceptId) =>
      calls.changes('revoking API tokens', API_TOKEN_SQL.revokeForUser, at, userId, exceptId ?? null),
    async touch(id, lastUsedAt) {
      await calls.changes('updating API token', API_TOKEN_SQL.touch, lastUsedAt, id);
    },
  };
}
