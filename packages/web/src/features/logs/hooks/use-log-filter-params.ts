import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { FilterSpec, Level, SourceKey } from '../model/index.ts';

/** The level filter's choices; `other` is a line whose level could not be told. */
export const LEVEL_OPTIONS = ['error', 'warn', 'info', 'debug', 'other'] as const;
/** One of `LEVEL_OPTIONS`. */
export type LevelOption = (typeof LEVEL_OPTIONS)[number];

/** The viewer's shareable state, as read from its URL (see `useLogUrlState`). */
export type LogUrlState = {
  sources: SourceKey[];
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  only: boolean;
  /** The manager filters for the view: only the lines it would show reach the browser. */
  server: boolean;
  stream: FilterSpec['streams'];
  levels: ReadonlySet<LevelOption> | null;
};

// Bounds on what a link can ask for: a URL is user input like any other.
const MAX_SOURCES = 20;
const SOURCE_PATTERN = /^[^/\s]{1,128}\/[^/\s]{1,256}$/;

/**
 * The viewer's shareable state lives in the URL: `c` (repeated), q, regex, case, only, server,
 * stream, level.
 */
export function useLogUrlState(): [LogUrlState, (change: Partial<LogUrlState>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);
  const update = (change: Partial<LogUrlState>) =>
    setParams((current) => writeState(current, { ...readState(current), ...change }), { replace: true });
  return [state, update];
}

function readState(params: URLSearchParams): LogUrlState {
  const sources = [...new Set(params.getAll('c').filter((c) => SOURCE_PATTERN.test(c)))].slice(
    0,
    MAX_SOURCES,
  );
  const stream = params.get('stream');
  const level = params.get('level');
  const levels =
    level === null
      ? null
      : new Set(
          level.split(',').filter((l): l is LevelOption => (LEVEL_OPTIONS as readonly string[]).includes(l)),
        );
  return {
    sources,
    query: (params.get('q') ?? '').slice(0, 1000),
    regex: params.get('regex') === '1',
    caseSensitive: params.get('case') === '1',
    only: params.get('only') === '1',
    server: params.get('server') === '1',
    stream: stream === 'stdout' || stream === 'stderr' ? stream : 'all',
    levels,
  };
}

function writeState(current: URLSearchParams, state: LogUrlState): URLSearchParams {
  const next = new URLSearchParams();
  for (const source of state.sources) next.append('c', source);
  if (state.query !== '') next.set('q', state.query);
  if (state.regex) next.set('regex', '1');
  if (state.caseSensitive) next.set('case', '1');
  if (state.only) next.set('only', '1');
  if (state.server) next.set('server', '1');
  if (state.stream !== 'all') next.set('stream', state.stream);
  if (state.levels !== null && state.levels.size < LEVEL_OPTIONS.length)
    next.set('level', [...state.levels].join(','));
  // Parameters of other features (none today) pass through untouched.
  for (const [key, value] of current) {
    if (!['c', 'q', 'regex', 'case', 'only', 'server', 'stream', 'level'].includes(key))
      next.append(key, value);
  }
  return next;
}

/** The log filter the URL's state asks for; every level chosen counts as no level filter. */
export function filterSpecOf(state: LogUrlState): FilterSpec {
  const levels: ReadonlySet<Level | 'none'> | null =
    state.levels === null || state.levels.size === LEVEL_OPTIONS.length
      ? null
      : new Set([...state.levels].map((l) => (l === 'other' ? 'none' : l)));
  return {
    streams: state.stream,
    levels,
    search: { query: state.query, regex: state.regex, caseSensitive: state.caseSensitive },
    mode: state.only ? 'only' : 'highlight',
    sources: null,
  };
}
