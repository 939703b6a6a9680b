import { type ApiTokenRecord, newId, type Principal, type Store } from '@bosun/hub';
import {
  type ApiTokenCreated,
  type ApiTokenListResponse,
  type ApiTokenView,
  apiTokenCreateBodySchema,
  formatDuration,
  ProtocolError,
  recordParamsSchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import { hashToken, newApiToken } from '../auth/tokens.ts';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, hasRole } from '../http/auth-middleware.ts';
import { parseDuration } from '../http/durations.ts';
import { rateLimited } from '../http/http-errors.ts';
import { readJson, readParam } from '../http/request-input.ts';

function tokenView({ tokenHash: _hash, userId: _user, ...rest }: ApiTokenRecord): ApiTokenView {
  return rest;
}

/** POST/GET /api/api-tokens (one's own), DELETE /api/api-tokens/:id (one's own, or any for admins). */
export function apiTokenRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, clock, limits } = deps;

  app.post('/api/api-tokens', authenticated(deps), async (c) => {
    const { principal } = c.get('auth');
    const allowed = deps.limiters.tokenCreate.take(`api-token:${principal.userId}`);
    if (!allowed.allowed)
      throw rateLimited('too many API tokens created; wait a while', allowed.retryAfterMs);
    const body = await readJson(c, apiTokenCreateBodySchema, { maxBytes: limits.maxBodyBytes });
    const ttlMs = body.ttl === undefined ? undefined : parseDuration(body.ttl, 'ttl');
    if (ttlMs !== undefined && ttlMs > limits.maxApiTokenTtlMs) {
      throw new ProtocolError('invalid_data', `ttl: at most ${formatDuration(limits.maxApiTokenTtlMs)}`);
    }
    const token = newApiToken();
    const now = clock.now();
    const record: ApiTokenRecord = {
      id: newId('tok_'),
      userId: principal.userId,
      name: body.name,
      tokenHash: await hashToken(token),
      createdAt: now,
      expiresAt: ttlMs === undefined ? null : now + ttlMs,
      lastUsedAt: null,
      revokedAt: null,
    };
    await store.apiTokens.create(record);
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'api_token.create',
      target: `api_token:${record.id}`,
      outcome: 'ok',
      detail: { name: record.name, expiresAt: record.expiresAt },
    });
    // The token itself is in this answer only; the store keeps its hash.
    return c.json(
      { token, id: record.id, name: record.name, expiresAt: record.expiresAt } satisfies ApiTokenCreated,
      201,
    );
  });

  app.get('/api/api-tokens', authenticated(deps), async (c) => {
    const tokens = await store.apiTokens.listForUser(c.get('auth').principal.userId);
    return c.json({ tokens: tokens.map(tokenView) } satisfies ApiTokenListResponse);
  });

  app.delete('/api/api-tokens/:id', authenticated(deps), async (c) => {
    const { principal } = c.get('auth');
    const id = readParam(c, 'id', recordParamsSchema.shape.id);
    const record = await findToken(store, principal, id);
    if (!record) throw new ProtocolError('not_found', `no API token "${id}"`);
    // Revoking twice is not an error: the token is revoked either way.
    if (record.revokedAt === null) {
      await store.apiTokens.revoke(id, clock.now());
      deps.credentialChanges.withdrawn();
    }
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'api_token.revoke',
      target: `api_token:${id}`,
      outcome: 'ok',
      detail: { owner: `user:${record.userId}` },
    });
    return c.body(null, 204);
  });

  return app;
}

// The store finds tokens by owner; an admin revoking someone else's looks through every user,
// which is rare and cheap at the scale of a user table.
async function findToken(
  store: Store,
  principal: Principal,
  id: string,
): Promise<ApiTokenRecord | undefined> {
  const own = (await store.apiTokens.listForUser(principal.userId)).find((token) => token.id === id);
  if (own || !hasRole(principal, 'admin')) return own;
  for (const user of await store.users.list()) {
    const found = (await store.apiTokens.listForUser(user.id)).find((token) => token.id === id);
    if (found) return found;
  }
  return undefined;
}
