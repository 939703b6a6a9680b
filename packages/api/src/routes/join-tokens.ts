import type { JoinTokenRecord } from '@bosun/hub';
import {
  BOSUN_VERSION,
  formatDuration,
  type JoinTokenCreated,
  type JoinTokenListResponse,
  type JoinTokenState,
  type JoinTokenView,
  joinTokenCreateBodySchema,
  ProtocolError,
  recordParamsSchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { parseDuration } from '../http/durations.ts';
import { rateLimited } from '../http/http-errors.ts';
import { publicBase } from '../http/public-base.ts';
import { readJson, readParam } from '../http/request-input.ts';
import type { AgentImageSource } from '../ports/agent-image.ts';
import { joinCommands } from './join-commands.ts';

/** POST /api/join-tokens, GET /api/join-tokens, DELETE /api/join-tokens/:id (admins). */
export function joinTokenRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub } = deps;

  app.post(
    '/api/join-tokens',
    authenticated(deps),
    requireRole(deps, 'admin', 'join_token.create'),
    async (c) => {
      const { principal } = c.get('auth');
      const allowed = deps.limiters.tokenCreate.take(`join-token:${principal.userId}`);
      if (!allowed.allowed)
        throw rateLimited('too many join tokens created; wait a while', allowed.retryAfterMs);
      const body = await readJson(c, joinTokenCreateBodySchema, {
        maxBytes: deps.limits.maxBodyBytes,
        optional: true,
      });
      const ttlMs = body.ttl === undefined ? undefined : parseDuration(body.ttl, 'ttl');
      if (ttlMs !== undefined && ttlMs > hub.options.maxJoinTokenTtlMs) {
        throw new ProtocolError(
          'invalid_data',
          `ttl: a join token lives at most ${formatDuration(hub.options.maxJoinTokenTtlMs)}`,
        );
      }
      const created = await hub.createJoinToken({
        createdBy: principal.userId,
        createdByName: principal.username,
        source: clientAddress(c),
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(ttlMs === undefined ? {} : { ttlMs }),
      });
      // The exact lines to paste on the new host; the token is shown this once.
      const manager = publicBase(c, deps);
      const command = `BOSUN_JOIN_TOKEN=${created.token} bosun agent --manager ${manager}`;
      const image = deps.agentImage ?? DEFAULT_AGENT_IMAGE;
      const commands = joinCommands({
        manager,
        token: created.token,
        image: image.name,
        imageServed: await image.served(),
      });
      return c.json({ ...created, command, commands } satisfies JoinTokenCreated, 201);
    },
  );

  app.get(
    '/api/join-tokens',
    authenticated(deps),
    requireRole(deps, 'admin', 'join_token.list'),
    async (c) => {
      const records = await deps.store.joinTokens.list();
      const now = deps.clock.now();
      const tokens: JoinTokenView[] = records
        .map(({ tokenHash: _hash, ...rest }) => ({ ...rest, state: stateOf(rest, now) }))
        .sort((a, b) => b.createdAt - a.createdAt);
      return c.json({ tokens } satisfies JoinTokenListResponse);
    },
  );

  app.delete(
    '/api/join-tokens/:id',
    authenticated(deps),
    requireRole(deps, 'admin', 'join_token.revoke'),
    async (c) => {
      const { principal } = c.get('auth');
      const id = readParam(c, 'id', recordParamsSchema.shape.id);
      const record = (await deps.store.joinTokens.list()).find((token) => token.id === id);
      if (!record) throw new ProtocolError('not_found', `no join token "${id}"`);
      if (record.usedAt !== null) {
        // Its host joined already: revoking that host is `DELETE /api/agents/:agent`.
        throw new ProtocolError('conflict', `join token "${id}" was used already; revoke its agent instead`);
      }
      // Revoking twice is not an error: the token is revoked either way. Losing the race to an
      // agent's join is: that host is in.
      if (record.revokedAt === null && !(await deps.store.joinTokens.revoke(id, deps.clock.now()))) {
        const now = (await deps.store.joinTokens.list()).find((token) => token.id === id);
        if (now?.usedAt !== null) {
          throw new ProtocolError(
            'conflict',
            `join token "${id}" was used already; revoke its agent instead`,
          );
        }
      }
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action: 'join_token.revoke',
        target: `join_token:${id}`,
        outcome: 'ok',
      });
      return c.body(null, 204);
    },
  );

  return app;
}

// A runtime that says nothing about the image: this version's local tag, which the host has to get.
const DEFAULT_AGENT_IMAGE: AgentImageSource = {
  name: `bosun-agent:${BOSUN_VERSION}`,
  served: async () => false,
};

function stateOf(token: Omit<JoinTokenRecord, 'tokenHash'>, now: number): JoinTokenState {
  if (token.usedAt !== null) return 'used';
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresAt <= now ? 'expired' : 'pending';
}
