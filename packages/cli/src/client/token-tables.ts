import type { ApiTokenView, JoinTokenView } from '@bosun/protocol';
import { formatColumns } from './text-table.ts';

/** A time as `2026-11-25 12:00` (UTC), or `-` for one that has not happened. */
export function formatInstant(ms: number | null): string {
  return ms === null ? '-' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** Whether an API token still works: revoked wins over expired. */
export function apiTokenState(token: ApiTokenView, nowMs: number): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresAt !== null && token.expiresAt <= nowMs ? 'expired' : 'active';
}

/** `bosun token list`: API tokens, the one this CLI uses marked with `*`. */
export function formatApiTokensTable(tokens: readonly ApiTokenView[], nowMs = Date.now()): string {
  return formatColumns(
    ['ID', 'NAME', 'USER', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'],
    tokens.map((token) => [
      `${token.id}${token.current ? ' *' : ''}`,
      token.name,
      token.username,
      apiTokenState(token, nowMs),
      formatInstant(token.createdAt),
      token.expiresAt === null ? 'never' : formatInstant(token.expiresAt),
      formatInstant(token.lastUsedAt),
    ]),
  );
}

/** `bosun token list --join`: join tokens with their state and the agent each joined. */
export function formatJoinTokensTable(tokens: readonly JoinTokenView[]): string {
  return formatColumns(
    ['ID', 'NAME', 'STATE', 'CREATED', 'EXPIRES', 'USED BY'],
    tokens.map((token) => [
      token.id,
      token.name ?? '-',
      token.state,
      formatInstant(token.createdAt),
      formatInstant(token.expiresAt),
      token.usedByAgent ?? '-',
    ]),
  );
}
