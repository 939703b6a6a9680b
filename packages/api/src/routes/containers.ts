import type { ContainerView } from '@bosun/hub';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { readJson, readParam, readQuery } from '../http/request-input.ts';
import { agentRefSchema, containerRefParamSchema } from '../http/schemas.ts';

const listQuerySchema = z.object({ agent: agentRefSchema.optional() });
const actionSchema = z.enum(['start', 'stop', 'restart']);
// Docker's stop grace period; the protocol caps it at ten minutes.
const actionBodySchema = z.object({ timeoutSeconds: z.int().min(0).max(600).optional() });

export type ContainerListItem = ContainerView & { agentName: string };

/**
 * GET /api/containers, GET /api/agents/:agent/containers/:container,
 * POST /api/agents/:agent/containers/:container/:action.
 */
export function containerRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub } = deps;

  app.get('/api/containers', authenticated(deps), async (c) => {
    const query = readQuery(c, listQuerySchema);
    const agents = await hub.listAgents();
    const names = new Map(agents.map((agent) => [agent.id, agent.name]));
    const agentId = query.agent === undefined ? undefined : (await hub.resolveAgent(query.agent)).id;
    const containers: ContainerListItem[] = hub
      .listContainers(agentId)
      .map((container) => ({ ...container, agentName: names.get(container.agentId) ?? container.agentId }));
    return c.json({ containers });
  });

  app.get('/api/agents/:agent/containers/:container', authenticated(deps), async (c) => {
    const agent = await hub.resolveAgent(readParam(c, 'agent', agentRefSchema));
    const ref = readParam(c, 'container', containerRefParamSchema);
    // A reference the cache does not know yet (a container created a moment ago) goes to the
    // agent as it is: the agent knows its containers better.
    const id = await hub.resolveContainerId(agent, ref, 'passUnknown');
    const result = await hub.request(agent.id, 'container.inspect', { id });
    return c.json({ container: result.container });
  });

  // Any role may ask; the hub refuses viewers and audits every attempt, refusals included.
  app.post('/api/agents/:agent/containers/:container/:action', authenticated(deps), async (c) => {
    const agentRef = readParam(c, 'agent', agentRefSchema);
    const containerRef = readParam(c, 'container', containerRefParamSchema);
    const action = readParam(c, 'action', actionSchema);
    const body = await readJson(c, actionBodySchema, { maxBytes: deps.limits.maxBodyBytes, optional: true });
    const result = await hub.containerAction(
      c.get('auth').principal,
      agentRef,
      containerRef,
      action,
      body.timeoutSeconds === undefined ? {} : { timeoutSeconds: body.timeoutSeconds },
    );
    return c.json({ id: result.id, state: result.state });
  });

  return app;
}
