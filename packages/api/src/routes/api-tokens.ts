import type { ApiTokenRecord, Principal, Store } from '@bosun/hub';
import {
  type ApiTokenListResponse,
  type ApiTokenView,
  apiTokenCreateBodySchema,
  apiTokenListQuerySchema,
  formatDuration,
  ProtocolError,
  recordParamsSchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import type { Authenticated } from '../auth/authenticator.ts';
import { issueApiToken } from '../auth/issue-api-token.ts';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, hasRole } from '../http/auth-middleware.ts';
import { parseDuration } from '../http/durations.ts';
import { rateLimited } from '../http/http-errors.ts';
import { readJson, readParam, readQuery } from '../http/request-input.ts';

/**
 * POST/GET /api/api-tokens (one's own; admins list anyone's), POST /api/api-tokens/current/renew,
 * DELETE /api/api-tokens/:id (one's own, or any for admins).
 */
export function apiTokenRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, clock, limits } = deps;

  app.post('/api/api-tokens', authenticated(deps), async (c) => {
    const auth = c.get('auth');
    const { principal } = auth;
    // A stolen token must not mint the thief tokens that outlive its revocation: only a person
    // who logged in (a session) makes tokens, and through a token only an admin, who could make
    // themselves a session anyway.
    if (auth.via === 'token' && !hasRole(principal, 'admin')) {
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action: 'api_token.create',
        target: `user:${principal.userId}`,
        outcome: 'denied',
        detail: { via: 'token' },
      });
      throw new ProtocolError('forbidden', 'only admins create API tokens with an API token; log in instead');
    }
    takeCreateAllowance(deps, principal);
    const body = await readJson(c, apiTokenCreateBodySchema, { maxBytes: limits.maxBodyBytes });
    const ttlMs = body.ttl === undefined ? limits.defaultApiTokenTtlMs : parseDuration(body.ttl, 'ttl');
    if (ttlMs > limits.maxApiTokenTtlMs) {
      throw new ProtocolError('invalid_data', `ttl: at most ${formatDuration(limits.maxApiTokenTtlMs)}`);
    }
    const { created, record } = await issueApiToken(deps, {
      userId: principal.userId,
      name: body.name,
      ttlMs,
    });
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'api_token.create',
      target: `api_token:${record.id}`,
      outcome: 'ok',
      detail: { name: record.name, expiresAt: record.expiresAt, via: auth.via },
    });
    return c.json(created, 201);
  });

  app.post('/api/api-tokens/current/renew', authenticated(deps), async (c) => {
    const auth = c.get('auth');
    if (auth.via !== 'token') {
      throw new ProtocolError('conflict', 'only an API token renews itself; this request carries none');
    }
    const { principal } = auth;
    takeCreateAllowance(deps, principal);
    const old = await store.apiTokens.byId(auth.tokenId);
    if (!old) throw new ProtocolError('unauthorized', 'invalid, expired or revoked API token');
    // The same lifetime as before, within today's bounds: a token made for a week stays a
    // week's, and one from before every token expired gets the default.
    const ttlMs = Math.min(
      old.expiresAt === null ? limits.defaultApiTokenTtlMs : old.expiresAt - old.createdAt,
      limits.maxApiTokenTtlMs,
    );
    const { created, record } = await issueApiToken(deps, { userId: old.userId, name: old.name, ttlMs });
    // Of two renewals of one token racing, one revokes it; the other's new token is withdrawn
    // again, so one token never turns into two.
    if (!(await store.apiTokens.revoke(old.id, clock.now()))) {
      await store.apiTokens.revoke(record.id, clock.now());
      throw new ProtocolError('unauthorized', 'invalid, expired or revoked API token');
    }
    // Live connections made with the old token end now, as with any revocation.
    deps.credentialChanges.withdrawn();
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'api_token.renew',
      target: `api_token:${old.id}`,
      outcome: 'ok',
      detail: { renewedAs: `api_token:${record.id}`, expiresAt: record.expiresAt },
    });
    return c.json(created, 201);
  });

  app.get('/api/api-tokens', authenticated(deps), async (c) => {
    const auth = c.get('auth');
    const query = readQuery(c, apiTokenListQuerySchema);
    const others = query.all !== undefined || query.user !== undefined;
    if (others && !hasRole(auth.principal, 'admin')) {
      throw new ProtocolError('forbidden', "admins only list other users' tokens");
    }
    const records = query.all
      ? await store.apiTokens.list()
      : await store.apiTokens.listForUser(query.user ?? auth.principal.userId);
    const tokens = await tokenViews(store, records, auth);
    return c.json({ tokens } satisfies ApiTokenListResponse);
  });

  app.delete('/api/api-tokens/:id', authenticated(deps), async (c) => {
    const { principal } = c.get('auth');
    const id = readParam(c, 'id', recordParamsSchema.shape.id);
    const record = await store.apiTokens.byId(id);
    // Someone else's token is "not found" for a non-admin: its existence is not theirs to learn.
    if (!record || (record.userId !== principal.userId && !hasRole(principal, 'admin'))) {
      throw new ProtocolError('not_found', `no API token "${id}"`);
    }
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

function takeCreateAllowance(deps: ApiDeps, principal: Principal): void {
  const allowed = deps.limiters.tokenCreate.take(`api-token:${principal.userId}`);
  if (!allowed.allowed) {
    throw rateLimited('too many API tokens created; wait a while', allowed.retryAfterMs);
  }
}

async function tokenViews(
  store: Store,
  records: readonly ApiTokenRecord[],
  auth: Authenticated,
): Promise<ApiTokenView[]> {
  const names = new Map((await store.users.list()).map((user) => [user.id, user.username]));
  return records.map(({ tokenHash: _hash, ...rest }) => ({
    ...rest,
    // Tokens go with their user, so an owner is always found; the id stands in should a store
    // answer between the two reads.
    username: names.get(rest.userId) ?? rest.userId,
    current: auth.via === 'token' && auth.tokenId === rest.id,
  }));
}
