import type { ApiTokenView } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { apiTokenState, formatApiTokensTable, formatJoinTokensTable } from './token-tables.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3_600_000;

function token(over: Partial<ApiTokenView>): ApiTokenView {
  return {
    id: 'tok_1',
    name: 'cli-box',
    userId: 'usr_1',
    username: 'ada',
    createdAt: NOW - HOUR,
    expiresAt: NOW + HOUR,
    lastUsedAt: null,
    revokedAt: null,
    current: false,
    ...over,
  };
}

describe('bosun token list formatting', () => {
  it('tells active, expired and revoked tokens apart, revoked first', () => {
    expect(apiTokenState(token({}), NOW)).toBe('active');
    expect(apiTokenState(token({ expiresAt: NOW }), NOW)).toBe('expired');
    expect(apiTokenState(token({ expiresAt: NOW, revokedAt: NOW - 1 }), NOW)).toBe('revoked');
  });

  it('marks the token in use and prints times in UTC', () => {
    const table = formatApiTokensTable([token({ current: true, lastUsedAt: NOW })], NOW);
    expect(table).toBe(
      'ID        NAME      USER   STATE    CREATED            EXPIRES            LAST USED\n' +
        'tok_1 *   cli-box   ada    active   2026-11-25 11:00   2026-11-25 13:00   2026-11-25 12:00\n',
    );
  });

  it('prints join tokens with their state and the agent that used one', () => {
    const table = formatJoinTokensTable([
      {
        id: 'jt_1',
        name: null,
        createdBy: 'usr_1',
        createdAt: NOW - HOUR,
        expiresAt: NOW + HOUR,
        usedAt: NOW,
        usedByAgent: 'agt_1',
        revokedAt: null,
        state: 'used',
      },
    ]);
    expect(table).toBe(
      'ID     NAME   STATE   CREATED            EXPIRES            USED BY\n' +
        'jt_1   -      used    2026-11-25 11:00   2026-11-25 13:00   agt_1\n',
    );
  });
});
