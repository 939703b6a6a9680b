import { LOG_LEVELS, LOG_STREAMS, type LogLevel, type LogStream, type SearchQuery } from '@bosun/protocol';

/** The time ranges offered, as durations back from the manager's now; `custom` takes since/until. */
export const RANGE_PRESETS = ['15m', '1h', '24h', '7d', 'custom'] as const;
/** One of `RANGE_PRESETS`. */
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** What the Search page asks, as its URL holds it (so a search is a link). */
export type SearchState = {
  q: string;
  regex: boolean;
  caseSensitive: boolean;
  range: RangePreset;
  /** With `custom`: RFC 3339 or `datetime-local` values, empty when open. */
  since: string;
  until: string;
  hosts: string[];
  containers: string[];
  streams: LogStream[];
  levels: LogLevel[];
};

/** The URL parameters the page owns. */
const KEYS = ['q', 'regex', 'case', 'range', 'since', 'until', 'hosts', 'containers', 'streams', 'levels'];

// A link is user input: lists are bounded and unknown values dropped.
const MAX_TARGETS = 100;

function list(value: string | null): string[] {
  return [...new Set((value ?? '').split(',').map((part) => part.trim()))]
    .filter((part) => part !== '')
    .slice(0, MAX_TARGETS);
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T[] {
  return list(value).filter((part): part is T => (values as readonly string[]).includes(part));
}

/** The page's state from its URL; a missing or unknown range is the last hour. */
export function readSearchState(params: URLSearchParams): SearchState {
  const range = params.get('range');
  return {
    q: (params.get('q') ?? '').slice(0, 1000),
    regex: params.get('regex') === '1',
    caseSensitive: params.get('case') === '1',
    range: (RANGE_PRESETS as readonly string[]).includes(range ?? '') ? (range as RangePreset) : '1h',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
    hosts: list(params.get('hosts')),
    containers: list(params.get('containers')),
    streams: oneOf(LOG_STREAMS, params.get('streams')),
    levels: oneOf(LOG_LEVELS, params.get('levels')),
  };
}

/** The URL for a state: defaults left out to keep links short, other parameters kept. */
export function writeSearchState(current: URLSearchParams, state: SearchState): URLSearchParams {
  const next = new URLSearchParams();
  if (state.q !== '') next.set('q', state.q);
  if (state.regex) next.set('regex', '1');
  if (state.caseSensitive) next.set('case', '1');
  if (state.range !== '1h') next.set('range', state.range);
  if (state.range === 'custom' && state.since !== '') next.set('since', state.since);
  if (state.range === 'custom' && state.until !== '') next.set('until', state.until);
  if (state.hosts.length > 0) next.set('hosts', state.hosts.join(','));
  if (state.containers.length > 0) next.set('containers', state.containers.join(','));
  if (state.streams.length > 0) next.set('streams', state.streams.join(','));
  if (state.levels.length > 0) next.set('levels', state.levels.join(','));
  for (const [key, value] of current) if (!KEYS.includes(key)) next.append(key, value);
  return next;
}

// A `datetime-local` value has no zone: it is the reader's local time, sent as an instant.
function instant(value: string): string {
  if (/Z$|[+-]\d\d:\d\d$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * The `GET /api/search` query for a state, or null when it asks for nothing (no text, stream or
 * level): a search for every line is not a search.
 */
export function searchQueryOf(state: SearchState, limit: number): SearchQuery | null {
  if (state.q === '' && state.streams.length === 0 && state.levels.length === 0) return null;
  const query: SearchQuery = { limit };
  if (state.q !== '') query.q = state.q;
  if (state.regex) query.regex = 'true';
  if (state.caseSensitive) query.caseSensitive = 'true';
  if (state.range === 'custom') {
    if (state.since !== '') query.since = instant(state.since);
    if (state.until !== '') query.until = instant(state.until);
  } else {
    query.since = state.range;
  }
  if (state.hosts.length > 0) query.hosts = state.hosts.join(',');
  if (state.containers.length > 0) query.containers = state.containers.join(',');
  if (state.streams.length > 0) query.streams = state.streams.join(',');
  if (state.levels.length > 0) query.levels = state.levels.join(',');
  return query;
}

/** The log viewer's link for a hit: its container's stored lines, opened at that line. */
export function viewerLinkOf(hit: {
  hostName: string;
  containerName: string;
  containerId: string;
  line: { seq: number };
}): string {
  const params = new URLSearchParams({
    c: `${hit.hostName}/${hit.containerName}`,
    cid: hit.containerId,
    at: String(hit.line.seq),
  });
  return `/logs?${params}`;
}
