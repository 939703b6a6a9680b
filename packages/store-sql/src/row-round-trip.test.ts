import { describe, expect, it } from 'vitest';
import { AGENT_COLUMNS, agentFromRow, agentValues } from './agent-rows.ts';
import { API_TOKEN_COLUMNS, apiTokenFromRow, apiTokenValues } from './api-token-rows.ts';
import { GRANT_COLUMNS, grantFromRow, grantValues } from './grant-rows.ts';
import { JOIN_TOKEN_COLUMNS, joinTokenFromRow, joinTokenValues } from './join-token-rows.ts';
import { SESSION_COLUMNS, sessionFromRow, sessionValues } from './session-rows.ts';
import { USER_SQL, type UserRow, userFromRow, userValues } from './user-rows.ts';

// What SQLite answers for the values inserted: each value under the column it was written to, so
// a value out of its column list's order reads back as another field.
function rowOf<Row>(columns: string, values: readonly unknown[]): Row {
  const names = columns.split(',').map((name) => name.trim());
  expect(values).toHaveLength(names.length);
  return Object.fromEntries(names.map((name, i) => [name, values[i]])) as Row;
}

describe('a record written and read back', () => {
  it('is the same agent', () => {
    const record = {
      id: 'agt_1',
      name: 'web',
      credentialHash: 'c',
      createdAt: 1,
      lastSeenAt: 2,
      revokedAt: null,
      host: null,
    };
    expect(agentFromRow(rowOf(AGENT_COLUMNS, agentValues(record)))).toEqual(record);
  });

  it('is the same join token', () => {
    const record = {
      id: 'j1',
      tokenHash: 'h',
      name: null,
      createdBy: 'u1',
      createdAt: 1,
      expiresAt: 2,
      usedAt: 3,
      usedByAgent: 'agt_1',
      revokedAt: null,
    };
    expect(joinTokenFromRow(rowOf(JOIN_TOKEN_COLUMNS, joinTokenValues(record)))).toEqual(record);
  });

  it('is the same session', () => {
    const record = { idHash: 's', userId: 'u1', createdAt: 1, expiresAt: 3, lastUsedAt: 2 };
    expect(sessionFromRow(rowOf(SESSION_COLUMNS, sessionValues(record)))).toEqual(record);
  });

  it('is the same API token', () => {
    const record = {
      id: 't1',
      userId: 'u1',
      name: 'ci',
      tokenHash: 'h',
      createdAt: 1,
      expiresAt: 5,
      lastUsedAt: null,
      revokedAt: 4,
    };
    expect(apiTokenFromRow(rowOf(API_TOKEN_COLUMNS, apiTokenValues(record)))).toEqual(record);
  });

  it('is the same grant', () => {
    const record = { userId: 'u1', agentId: 'agt_1', role: 'viewer' as const, createdAt: 1 };
    expect(grantFromRow(rowOf(GRANT_COLUMNS, grantValues(record)))).toEqual(record);
  });

  it('is the same user, stored with the username folded for lookups', () => {
    const record = { id: 'u1', username: 'Ärne', passwordHash: 'p', role: 'admin' as const, createdAt: 1 };
    const insertColumns = /INSERT INTO users \(([^)]*)\)/.exec(USER_SQL.insert)?.[1] ?? '';
    const row = rowOf<UserRow & { username_key: string }>(insertColumns, userValues(record));
    expect(row.username_key).toBe('ärne');
    expect(userFromRow(row)).toEqual(record);
  });
});
