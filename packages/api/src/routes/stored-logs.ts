import type { LogReadQuery, LogStore } from '@bosun/hub';
import {
  type LogEntry,
  logLineFilterOfQuery,
  type StoredLogPage,
  type StoredStreamListResponse,
  type StoredStreamView,
  storedLogsQuerySchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { readQuery } from '../http/request-input.ts';
import { resolveStoreTime } from '../http/store-times.ts';
import { findStoredStream, requireLogStore, visibleStoredStreams } from '../http/stored-streams.ts';

type StoredLogsQuery = ReturnType<typeof storedLogsQuerySchema.parse>;

/**
 * GET /api/stored-streams and GET /api/stored-logs: what the manager's log store holds, removed
 * containers included, for the hosts the user may see (any other host is not found, as an
 * unknown one). A page is one store read (two around a seq), bounded by `MAX_STORED_LOG_PAGE`.
 */
export function storedLogRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock } = deps;

  app.get('/api/stored-streams', authenticated(deps), async (c) => {
    const logStore = requireLogStore(deps.logStore);
    const streams = await visibleStoredStreams(hub, logStore, c.get('auth').principal);
    return c.json({ streams } satisfies StoredStreamListResponse);
  });

  app.get('/api/stored-logs', authenticated(deps), async (c) => {
    const logStore = requireLogStore(deps.logStore);
    const query = readQuery(c, storedLogsQuerySchema);
    const { principal } = c.get('auth');
    const agent = await hub.resolveAgent(query.agent, principal);
    const stream = findStoredStream(
      await visibleStoredStreams(hub, logStore, principal),
      agent.id,
      query.container,
    );
    const now = clock.now();
    const base: Omit<LogReadQuery, 'order' | 'limit'> = {
      agentId: stream.agentId,
      containerId: stream.containerId,
    };
    if (query.since !== undefined) base.since = resolveStoreTime(query.since, 'since', now);
    if (query.until !== undefined) base.until = resolveStoreTime(query.until, 'until', now);
    const filter = logLineFilterOfQuery(query);
    if (filter !== undefined) base.filter = filter;
    return c.json(await readStoredPage(logStore, stream, base, query));
  });

  return app;
}

async function readStoredPage(
  logStore: LogStore,
  stream: StoredStreamView,
  base: Omit<LogReadQuery, 'order' | 'limit'>,
  query: StoredLogsQuery,
): Promise<StoredLogPage> {
  if (query.aroundSeq !== undefined) {
    const before = await logStore.read({
      ...base,
      order: 'newest',
      limit: (query.before ?? 0) + 1,
      beforeSeq: query.aroundSeq + 1,
    });
    const wanted = query.after ?? 0;
    const after =
      wanted === 0
        ? { entries: [], next: query.aroundSeq }
        : await logStore.read({ ...base, order: 'oldest', limit: wanted, afterSeq: query.aroundSeq });
    // A marker between the two reads' ranges can come in both.
    const seen = new Set(before.entries.filter((e) => e.kind !== 'line').map((e) => JSON.stringify(e)));
    const entries = [
      ...before.entries.toReversed(),
      ...after.entries.filter((e) => e.kind === 'line' || !seen.has(JSON.stringify(e))),
    ];
    return { stream, entries, older: before.next, newer: after.next };
  }
  if (query.direction === 'older') {
    const page = await logStore.read({
      ...base,
      order: 'newest',
      limit: query.limit,
      ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }),
    });
    const entries = page.entries.toReversed();
    const newer = query.beforeSeq === undefined ? null : (lastSeq(entries) ?? query.beforeSeq - 1);
    return { stream, entries, older: page.next, newer };
  }
  const page = await logStore.read({
    ...base,
    order: 'oldest',
    limit: query.limit,
    ...(query.afterSeq === undefined ? {} : { afterSeq: query.afterSeq }),
  });
  const older = query.afterSeq === undefined ? null : (firstSeq(page.entries) ?? query.afterSeq + 1);
  return { stream, entries: page.entries, older, newer: page.next };
}

function firstSeq(entries: readonly LogEntry[]): number | undefined {
  return entries.find((e) => e.kind === 'line')?.seq;
}

function lastSeq(entries: readonly LogEntry[]): number | undefined {
  return entries.findLast((e) => e.kind === 'line')?.seq;
}
