import {
  type ContainerActionResponse,
  type ContainerDetailResponse,
  type ContainerListItem,
  type ContainerListResponse,
  containerActionBodySchema,
  containerActionParamsSchema,
  containerListQuerySchema,
  containerParamsSchema,
  generationsQuerySchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { readJson, readParam, readQuery } from '../http/request-input.ts';

/**
 * GET /api/containers, GET /api/agents/:agent/containers/:container,
 * POST /api/agents/:agent/containers/:container/:action, GET /api/agents/:agent/generations. Each answers only for the agents the
 * user may see; any other agent is not found, exactly as an unknown one.
 */
export function containerRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub } = deps;

  app.get('/api/containers', authenticated(deps), async (c) => {
    const { principal } = c.get('auth');
    const query = readQuery(c, containerListQuerySchema);
    const agents = await hub.listAgents(principal);
    const names = new Map(agents.map((agent) => [agent.id, agent.name]));
    const agentId =
      query.agent === undefined ? undefined : (await hub.resolveAgent(query.agent, principal)).id;
    const containers: ContainerListItem[] = hub
      .listContainers(agentId, principal)
      .map((container) => ({ ...container, agentName: names.get(container.agentId) ?? container.agentId }));
    return c.json({ containers } satisfies ContainerListResponse);
  });

  app.get('/api/agents/:agent/containers/:container', authenticated(deps), async (c) => {
    const agent = await hub.resolveAgent(
      readParam(c, 'agent', containerParamsSchema.shape.agent),
      c.get('auth').principal,
    );
    const ref = readParam(c, 'container', containerParamsSchema.shape.container);
    // A reference the cache does not know yet (a container created a moment ago) goes to the
    // agent as it is: the agent knows its containers better.
    const id = await hub.resolveContainerId(agent, ref, 'passUnknown');
    const result = await hub.request(agent.id, 'container.inspect', { id });
    return c.json({ container: result.container } satisfies ContainerDetailResponse);
  });

  app.get('/api/agents/:agent/generations', authenticated(deps), async (c) => {
    const agentRef = readParam(c, 'agent', containerParamsSchema.shape.agent);
    const query = readQuery(c, generationsQuerySchema);
    const by =
      query.identity === undefined ? { container: query.container ?? '' } : { identity: query.identity };
    return c.json(await hub.containerGenerations(agentRef, by, c.get('auth').principal));
  });

  // Any role may ask; the hub refuses who does not operate that host and audits every attempt.
  app.post('/api/agents/:agent/containers/:container/:action', authenticated(deps), async (c) => {
    const agentRef = readParam(c, 'agent', containerActionParamsSchema.shape.agent);
    const containerRef = readParam(c, 'container', containerActionParamsSchema.shape.container);
    const action = readParam(c, 'action', containerActionParamsSchema.shape.action);
    const body = await readJson(c, containerActionBodySchema, {
      maxBytes: deps.limits.maxBodyBytes,
      optional: true,
    });
    const result = await hub.containerAction(c.get('auth').principal, agentRef, containerRef, action, {
      source: clientAddress(c),
      ...(body.timeoutSeconds === undefined ? {} : { timeoutSeconds: body.timeoutSeconds }),
    });
    return c.json({ id: result.id, state: result.state } satisfies ContainerActionResponse);
  });

  return app;
}
