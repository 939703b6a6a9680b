import { type ApiTokenRecord, newId } from '@bosun/hub';
import type { ApiTokenCreated } from '@bosun/protocol';
import type { ApiDeps } from '../http/app-env.ts';
import { hashToken, newApiToken } from './tokens.ts';

/** Whose token to make, what it is called and how long it lives (already within the limits). */
export type ApiTokenRequest = { userId: string; name: string; ttlMs: number };

/**
 * Makes and stores a new API token. The answer holds the token itself, which exists nowhere
 * else: the store keeps only its hash.
 */
export async function issueApiToken(
  deps: Pick<ApiDeps, 'store' | 'clock'>,
  request: ApiTokenRequest,
): Promise<{ created: ApiTokenCreated; record: ApiTokenRecord }> {
  const token = newApiToken();
  const now = deps.clock.now();
  const record: ApiTokenRecord = {
    id: newId('tok_'),
    userId: request.userId,
    name: request.name,
    tokenHash: await hashToken(token),
    createdAt: now,
    expiresAt: now + request.ttlMs,
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.store.apiTokens.create(record);
  const created = { token, id: record.id, name: record.name, createdAt: now, expiresAt: now + request.ttlMs };
  return { created, record };
}
