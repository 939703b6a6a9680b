import { grantParamsSchema, grantSetBodySchema, ProtocolError, type UserResponse } from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import { type ApiDeps, type AppContext, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readJson, readParam } from '../http/request-input.ts';
import { userViewWithGrants } from '../http/user-view.ts';

/**
 * PUT/DELETE /api/users/:id/grants/:agentId (admins): a user's role on one host, beyond its
 * global role. A change reaches the user's open event streams and log sockets at once.
 */
export function grantRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, clock, limits } = deps;

  app.put(
    '/api/users/:id/grants/:agentId',
    authenticated(deps),
    requireRole(deps, 'admin', 'grant.set'),
    async (c) => {
      const { principal } = c.get('auth');
      const { id, agentId } = readGrantParams(c);
      const body = await readJson(c, grantSetBodySchema, { maxBytes: limits.maxBodyBytes });
      const user = await store.users.byId(id);
      if (!user) throw new ProtocolError('not_found', `no user "${id}"`);
      const agent = await store.agents.byId(agentId);
      if (!agent || agent.revokedAt !== null) throw new ProtocolError('not_found', `no agent "${agentId}"`);
      await store.grants.put({ userId: id, agentId, role: body.role, createdAt: clock.now() });
      deps.credentialChanges.withdrawn();
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action: 'grant.set',
        target: `user:${id}`,
        outcome: 'ok',
        detail: { agent: agentId, agentName: agent.name, role: body.role },
      });
      return c.json({ user: await userViewWithGrants(store, user) } satisfies UserResponse);
    },
  );

  app.delete(
    '/api/users/:id/grants/:agentId',
    authenticated(deps),
    requireRole(deps, 'admin', 'grant.remove'),
    async (c) => {
      const { principal } = c.get('auth');
      const { id, agentId } = readGrantParams(c);
      if (!(await store.grants.delete(id, agentId))) {
        throw new ProtocolError('not_found', `user "${id}" has no grant on agent "${agentId}"`);
      }
      deps.credentialChanges.withdrawn();
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action: 'grant.remove',
        target: `user:${id}`,
        outcome: 'ok',
        detail: { agent: agentId },
      });
      return c.body(null, 204);
    },
  );

  return app;
}

function readGrantParams(c: AppContext): { id: string; agentId: string } {
  return {
    id: readParam(c, 'id', grantParamsSchema.shape.id),
    agentId: readParam(c, 'agentId', grantParamsSchema.shape.agentId),
  };
}
