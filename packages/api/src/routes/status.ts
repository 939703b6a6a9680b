import { type Principal, seesEveryHost } from '@bosun/hub';
import type { ManagerStatus, RetentionStatus } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { retentionFigures } from '../metrics/retention-figures.ts';

/**
 * GET /api/status: the manager at a glance, for any signed-in user (`bosun status`); the log
 * store's part for admins only, as it speaks of every host's logs.
 */
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
  const retention = principal.role === 'admin' ? await retentionStatus(deps) : undefined;
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
    ...(retention ? { retention } : {}),
  };
}

async function retentionStatus(deps: ApiDeps): Promise<RetentionStatus | undefined> {
  const figures = await retentionFigures(deps.hub, deps.logger);
  if (!figures) return undefined;
  const { ingest, store } = figures;
  return {
    retain: deps.hub.options.retain,
    streams: {
      ingesting: ingest.ingestStreams - ingest.ingestPaused,
      paused: ingest.ingestPaused,
      waiting: ingest.ingestWaiting,
    },
    linesStored: ingest.linesStored,
    appendsRefused: ingest.appendsRefused,
    store: store
      ? {
          bytes: store.bytes,
          lines: store.lines,
          queuedEntries: store.lag.entries,
          oldestQueuedAgeMs: store.lag.oldestAgeMs,
        }
      : null,
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
