import { type AgentListResponse, agentParamsSchema, ProtocolError } from '@bosun/protocol';
import { Hono } from 'hono';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readParam } from '../http/request-input.ts';

/** GET /api/agents, DELETE /api/agents/:agent. */
export function agentRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub } = deps;

  // Only the agents the user may see: the others are not listed, not even by name.
  app.get('/api/agents', authenticated(deps), async (c) =>
    c.json({ agents: await hub.listAgents(c.get('auth').principal) } satisfies AgentListResponse),
  );

  // Revoking drops the agent's live session at once; the hub audits it.
  app.delete(
    '/api/agents/:agent',
    authenticated(deps),
    requireRole(deps, 'admin', 'agent.revoke'),
    async (c) => {
      const agent = await hub.resolveAgent(readParam(c, 'agent', agentParamsSchema.shape.agent));
      const revoked = await hub.revokeAgent(agent.id, c.get('auth').principal, clientAddress(c));
      if (!revoked) throw new ProtocolError('not_found', `no agent "${agent.name}"`);
      return c.body(null, 204);
    },
  );

  return app;
}
