import { type Principal, seesEveryHost } from '@bosun/hub';
import type { ManagerStatus } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';

/** GET /api/status: the manager at a glance, for any signed-in user (`bosun status`). */
export function statusRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/status', authenticated(deps), async (c) =>
    c.json(await managerStatus(deps, c.get('auth').principal)),
  );
  return app;
}

async function managerStatus(deps: ApiDeps, principal: Principal): Promise<ManagerStatus> {
  const hub = deps.hub.stats();
  const memory = deps.hub.memory();
  const process = deps.runtime.sample();
  const store = deps.storeHealth.state();
  return {
    version: deps.runtime.version,
    startedAt: process.startedAt,
    uptimeSeconds: process.uptimeSeconds,
    agents: seesEveryHost(principal)
      ? { online: hub.agentsOnline, total: await agentsKnown(deps), outdated: hub.agentsOutdated }
      : await agentsGranted(deps, principal),
    streams: { open: hub.topics, subscriptions: hub.subscriptions },
    viewers: hub.viewers,
    reads: {
      open: hub.readsOpen,
      started: hub.reads.started,
      cancelled: hub.reads.cancelled,
      failed: Object.values(hub.reads.failed).reduce((sum, n) => sum + n, 0),
    },
    logs: { linesIn: hub.linesIn, bytesIn: hub.bytesIn, entriesOut: hub.entriesOut, bytesOut: hub.bytesOut },
    gaps: {
      agent_backpressure: hub.gaps.agent_backpressure.markers,
      docker_behind: hub.gaps.docker_behind.markers,
      ring_evicted: hub.gaps.ring_evicted.markers,
      subscriber_behind: hub.gaps.subscriber_behind.markers,
    },
    memory: {
      rssBytes: process.rssBytes,
      heapUsedBytes: process.heapUsedBytes,
      ringBytes: hub.ringBytes,
      queuedBytes: hub.queuedBytes,
      budgetBytes: memory.limitBytes,
      budgetUsedBytes: memory.usedBytes,
    },
    eventLoopDelayMs: process.eventLoopDelayMs,
    store: {
      ok: store.ok,
      ...(store.failingSince === undefined ? {} : { failingSince: store.failingSince }),
      ...(store.error === undefined ? {} : { error: store.error }),
      errorsTotal: store.errorsTotal,
    },
  };
}

// A user who sees only granted hosts counts only those: the fleet's size is not theirs to know.
async function agentsGranted(deps: ApiDeps, principal: Principal): Promise<ManagerStatus['agents']> {
  try {
    const agents = await deps.hub.listAgents(principal);
    return {
      online: agents.filter((agent) => agent.online).length,
      total: agents.length,
      outdated: agents.filter((agent) => agent.online && agent.outdated).length,
    };
  } catch (error) {
    deps.logger.warn({ err: String(error) }, 'status: could not count agents');
    return { online: 0, total: null, outdated: 0 };
  }
}

// The status page is most wanted when something is wrong: a store that cannot be read leaves
// the total unknown rather than failing the whole answer.
async function agentsKnown(deps: ApiDeps): Promise<number | null> {
  try {
    return (await deps.hub.listAgents()).length;
  } catch (error) {
    deps.logger.warn({ err: String(error) }, 'status: could not count agents');
    return null;
  }
}
