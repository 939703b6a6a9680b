import { type LogSearchQuery, type LogStreamKey, type Principal, seesEveryHost } from '@bosun/hub';
import {
  formatDuration,
  type LogLineFilter,
  logLineFilterOfQuery,
  MAX_UNINDEXED_SEARCH_RANGE_MS,
  ProtocolError,
  type SearchResponse,
  type StoredStreamRef,
  type StoredStreamView,
  searchQuerySchema,
  searchUsesIndex,
} from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { readQuery } from '../http/request-input.ts';
import { resolveStoreTime, storeTimeMs } from '../http/store-times.ts';
import {
  requireLogStore,
  storedStreamMatches,
  storedStreamRef,
  visibleStoredStreams,
} from '../http/stored-streams.ts';

type SearchInput = ReturnType<typeof searchQuerySchema.parse>;

/**
 * GET /api/search: the newest stored lines a filter matches across the streams the user may see
 * (a host it may not see is not found, as an unknown one). One store search: an indexed one
 * costs the index's candidates, an unindexed one every line in its range up to the store's scan
 * budget, so its range is bounded here (`MAX_UNINDEXED_SEARCH_RANGE_MS`).
 */
export function searchRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock } = deps;

  app.get('/api/search', authenticated(deps), async (c) => {
    const logStore = requireLogStore(deps.logStore);
    const query = readQuery(c, searchQuerySchema);
    const { principal } = c.get('auth');
    const filter = filterOf(query);
    const search: LogSearchQuery = { filter, limit: query.limit };
    const now = clock.now();
    if (query.since !== undefined) search.since = resolveStoreTime(query.since, 'since', now);
    if (query.until !== undefined) search.until = resolveStoreTime(query.until, 'until', now);
    checkUnindexedRange(filter, search, now);

    const streams = await visibleStoredStreams(hub, logStore, principal);
    const selected = await selectStreams(deps, principal, streams, query);
    if (selected === 'none') return c.json(emptyResult());
    if (selected !== 'all') search.select = { streams: selected };

    const result = await logStore.search(search);
    const refs = new Map(streams.map((s) => [keyOf(s), storedStreamRef(s)]));
    const refOf = (key: LogStreamKey): StoredStreamRef => refs.get(keyOf(key)) ?? unknownRef(key);
    return c.json({
      hits: result.hits.map((hit) => ({ ...refOf(hit), line: hit.line })),
      counts: result.counts.map((count) => ({ ...refOf(count), count: count.count })),
      countsComplete: result.countsComplete,
      indexed: result.indexed,
      complete: result.complete,
      scannedFrom: result.scannedFrom,
      limited: result.hits.length >= query.limit,
    } satisfies SearchResponse);
  });

  return app;
}

// The search's text is `q`; the flags alone ask for nothing, so one of q, streams or levels must.
function filterOf(query: SearchInput): LogLineFilter {
  const filter = logLineFilterOfQuery({ ...query, pattern: query.q });
  if (filter?.pattern === undefined && filter?.streams === undefined && filter?.levels === undefined) {
    throw new ProtocolError('invalid_data', 'expected q, streams or levels');
  }
  return filter;
}

// Every line in range goes through the matcher when no index serves: the range must be given
// and bounded, so one request cannot scan the whole store.
function checkUnindexedRange(filter: LogLineFilter, search: LogSearchQuery, now: number): void {
  if (searchUsesIndex(filter)) return;
  const limit = formatDuration(MAX_UNINDEXED_SEARCH_RANGE_MS);
  const what = filter.regex ? 'a regex search' : 'a search without three characters of text to index';
  if (search.since === undefined) {
    throw new ProtocolError('invalid_data', `since: ${what} needs a time range (at most ${limit})`);
  }
  const until = search.until === undefined ? now : storeTimeMs(search.until);
  if (until - storeTimeMs(search.since) > MAX_UNINDEXED_SEARCH_RANGE_MS) {
    throw new ProtocolError('invalid_data', `since: ${what} covers at most ${limit}`);
  }
}

/**
 * The streams `hosts` and `containers` narrow to among those the user sees: `all` when nothing
 * narrows and the user sees every host, `none` when nothing is left.
 */
async function selectStreams(
  deps: ApiDeps,
  principal: Principal,
  streams: readonly StoredStreamView[],
  query: SearchInput,
): Promise<LogStreamKey[] | 'all' | 'none'> {
  if (query.hosts === undefined && query.containers === undefined && seesEveryHost(principal)) return 'all';
  let chosen = streams;
  if (query.hosts !== undefined) {
    const agents = await Promise.all(query.hosts.map((ref) => deps.hub.resolveAgent(ref, principal)));
    const ids = new Set(agents.map((agent) => agent.id));
    chosen = chosen.filter((stream) => ids.has(stream.agentId));
  }
  if (query.containers !== undefined) {
    const refs = query.containers;
    for (const ref of refs) {
      if (!chosen.some((stream) => storedStreamMatches(stream, ref))) {
        throw new ProtocolError('not_found', `no stored logs of container "${ref}"`);
      }
    }
    chosen = chosen.filter((stream) => refs.some((ref) => storedStreamMatches(stream, ref)));
  }
  return chosen.length === 0
    ? 'none'
    : chosen.map((s) => ({ agentId: s.agentId, containerId: s.containerId }));
}

function keyOf(key: LogStreamKey): string {
  return `${key.agentId}/${key.containerId}`;
}

// A hit of a stream the list did not have (written between the two reads): named by its ids.
function unknownRef(key: LogStreamKey): StoredStreamRef {
  return { ...key, hostName: key.agentId, containerName: key.containerId.slice(0, 12), identity: '' };
}

function emptyResult(): SearchResponse {
  return {
    hits: [],
    counts: [],
    countsComplete: true,
    indexed: false,
    complete: true,
    scannedFrom: null,
    limited: false,
  };
}
