import {
  agentParamsSchema,
  type HostRetentionView,
  hostRetentionBodySchema,
  ProtocolError,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { type ApiDeps, type AppContext, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readJson, readParam } from '../http/request-input.ts';

/**
 * GET, PUT and DELETE /api/agents/:agent/retention: a host's own retention policy, for admins
 * (whose logs the manager keeps is a decision over every viewer's data). The hub applies a
 * change at once and audits it; a manager without a log store answers 404.
 */
export function retentionRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub } = deps;
  const path = '/api/agents/:agent/retention';
  const admins = [authenticated(deps), requireRole(deps, 'admin', 'agent.retention')] as const;

  app.get(path, ...admins, async (c) => c.json(await hostRetentionView(deps, c)));

  app.put(path, ...admins, async (c) => {
    const { policy } = await readJson(c, hostRetentionBodySchema, { maxBytes: deps.limits.maxBodyBytes });
    await hub.setHostRetention(agentRef(c), policy, c.get('auth').principal, clientAddress(c));
    return c.json(await hostRetentionView(deps, c));
  });

  app.delete(path, ...admins, async (c) => {
    const ref = agentRef(c);
    const removed = await hub.setHostRetention(ref, null, c.get('auth').principal, clientAddress(c));
    if (!removed) throw new ProtocolError('not_found', `host "${ref}" has no retention policy of its own`);
    return c.body(null, 204);
  });

  return app;
}

function agentRef(c: AppContext): string {
  return readParam(c, 'agent', agentParamsSchema.shape.agent);
}

async function hostRetentionView(deps: ApiDeps, c: AppContext): Promise<HostRetentionView> {
  const policies = await deps.hub.retentionPolicies();
  if (!policies) throw new ProtocolError('not_found', 'this manager keeps no logs');
  const agent = await deps.hub.resolveAgent(agentRef(c), c.get('auth').principal);
  const own = policies.hosts.find((host) => host.agentId === agent.id);
  return {
    agentId: agent.id,
    policy: own?.policy ?? null,
    managerPolicy: policies.retain,
    effective: own?.policy ?? policies.retain,
    updatedAt: own?.updatedAt ?? null,
  };
}
