import { AGENT_NAME_PATTERN, ProtocolError } from '@bosun/protocol';
import { AGENT_ID_PREFIX, isAgentIdRef } from '../agents/agent-ids.ts';
import type { Store } from '../ports/store.ts';
import { newId, randomToken, sha256Hex } from '../secrets.ts';

/** An admin asking for a join token. */
export type JoinTokenRequest = {
  /** The user creating it (stored as is, and audited as `user:<createdBy>`), or `system`: the manager. */
  createdBy: string;
  /** Their username, for the audit log. */
  createdByName?: string;
  /** The client's address, for the audit log. */
  source?: string;
  /** The name the joining agent gets, whatever it proposes; never like an id (`agt_…`). */
  name?: string;
  ttlMs?: number;
};

/** A new join token: `token` is shown once and only its hash is stored. */
export type CreatedJoinToken = { token: string; id: string; expiresAt: number };

/**
 * A one-time join token. The token is shown once and only its hash is stored; its lifetime is
 * bounded so a leaked, forgotten token cannot enrol an agent months later.
 */
export async function createJoinToken(
  store: Store,
  now: number,
  limits: { defaultTtlMs: number; maxTtlMs: number },
  request: JoinTokenRequest,
): Promise<CreatedJoinToken> {
  const ttlMs = request.ttlMs ?? limits.defaultTtlMs;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > limits.maxTtlMs) {
    throw new ProtocolError('invalid_data', `a join token lives between 1 ms and ${limits.maxTtlMs} ms`);
  }
  if (request.name !== undefined && !AGENT_NAME_PATTERN.test(request.name)) {
    throw new ProtocolError('invalid_data', 'an agent name is 1-64 characters of A-Z a-z 0-9 . _ -');
  }
  if (request.name !== undefined && isAgentIdRef(request.name)) {
    throw new ProtocolError(
      'invalid_data',
      `an agent name may not begin with ${AGENT_ID_PREFIX} (agent ids do)`,
    );
  }
  const token = randomToken();
  const id = newId('jt_');
  const expiresAt = now + ttlMs;
  await store.joinTokens.create({
    id,
    tokenHash: await sha256Hex(token),
    name: request.name ?? null,
    createdBy: request.createdBy,
    createdAt: now,
    expiresAt,
    usedAt: null,
    usedByAgent: null,
    revokedAt: null,
  });
  return { token, id, expiresAt };
}
