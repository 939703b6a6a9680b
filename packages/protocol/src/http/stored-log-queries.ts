import { z } from 'zod';
import { MAX_IDENTITY_KEY_LENGTH } from '../container-identity.ts';
import { containerRefSchema, text } from '../fields.ts';
import { LOG_LEVELS, type LogLineFilter } from '../log-filter.ts';
import { LOG_STREAMS } from '../logs.ts';
import { MAX_PATTERN_LENGTH } from '../safe-pattern/line-pattern.ts';
import { agentRefSchema } from './request-fields.ts';

/** The most entries one page of `GET /api/stored-logs` may hold (`limit`). */
export const MAX_STORED_LOG_PAGE = 5000;
/** The most lines `aroundSeq` may ask on either side (`before`, `after`). */
export const MAX_STORED_LOG_CONTEXT = 500;
/** The most hits one `GET /api/search` answers (`limit`); 100 by default. */
export const MAX_SEARCH_HITS = 1000;
/** The longest search query: the safe matcher's pattern bound. */
export const MAX_SEARCH_QUERY_LENGTH = MAX_PATTERN_LENGTH;
/**
 * The widest time range a search may cover when no text index can choose its candidates (a
 * regex, a query under three characters, or levels/streams alone): every line in range goes
 * through the matcher, so the range is bounded and `since` is required for such a search.
 */
export const MAX_UNINDEXED_SEARCH_RANGE_MS = 7 * 24 * 60 * 60 * 1000;
/** The most hosts or containers one search may name. */
export const MAX_SEARCH_TARGETS = 100;

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();
const time = text(64).min(1).optional();
const seqParam = z.coerce.number().int().min(0).optional();

/** A comma-separated list, each item checked by `item`; empty items are ignored. */
const commaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .max(max * 160)
    .transform((value) => value.split(',').filter((part) => part !== ''))
    .pipe(z.array(item).min(1).max(max))
    .optional();

/**
 * The `LogLineFilter` fields as query parameters: `pattern`, `regex`, `caseSensitive` (flags
 * `true`/`1`), `streams` and `levels` (comma-separated, e.g. `levels=error,warn`).
 */
export const logLineFilterQueryShape = {
  pattern: text(MAX_PATTERN_LENGTH).min(1).optional(),
  regex: flag,
  caseSensitive: flag,
  streams: commaList(z.enum(LOG_STREAMS), LOG_STREAMS.length),
  levels: commaList(z.enum(LOG_LEVELS), LOG_LEVELS.length),
};

/** The filter the query's filter fields ask for, or undefined when they ask for none. */
export function logLineFilterOfQuery(query: {
  pattern?: string | undefined;
  regex?: boolean | undefined;
  caseSensitive?: boolean | undefined;
  streams?: Array<(typeof LOG_STREAMS)[number]> | undefined;
  levels?: Array<(typeof LOG_LEVELS)[number]> | undefined;
}): LogLineFilter | undefined {
  const filter: LogLineFilter = {};
  if (query.pattern !== undefined) filter.pattern = query.pattern;
  if (query.regex) filter.regex = true;
  if (query.caseSensitive) filter.caseSensitive = true;
  if (query.streams !== undefined) filter.streams = query.streams;
  if (query.levels !== undefined) filter.levels = query.levels;
  return Object.keys(filter).length === 0 ? undefined : filter;
}

/**
 * `GET /api/stored-logs`: one stream's stored entries, by agent and container (a full id, a
 * unique id prefix, or a name: the newest stream of that name, removed containers included).
 * Three ways to read:
 * - `direction=newer` (default): the oldest `limit` lines from `since`, or after `afterSeq`;
 * - `direction=older`: the newest `limit` lines before `until`, or before `beforeSeq`;
 * - `aroundSeq` with `before`/`after`: the line of that seq with up to `before` lines before it
 *   and `after` after it (a search hit in context).
 * `since` (inclusive) and `until` (exclusive) bound every way (RFC 3339, Unix seconds, or a
 * duration back from the manager's now); the filter fields narrow the lines, markers stay.
 */
export const storedLogsQuerySchema = z
  .object({
    agent: agentRefSchema,
    container: containerRefSchema,
    since: time,
    until: time,
    direction: z.enum(['older', 'newer']).default('newer'),
    afterSeq: seqParam,
    beforeSeq: seqParam,
    aroundSeq: seqParam,
    before: z.coerce.number().int().min(0).max(MAX_STORED_LOG_CONTEXT).optional(),
    after: z.coerce.number().int().min(0).max(MAX_STORED_LOG_CONTEXT).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_STORED_LOG_PAGE).default(500),
    ...logLineFilterQueryShape,
  })
  .refine(
    (q) => q.aroundSeq !== undefined || (q.before === undefined && q.after === undefined),
    'before and after go with aroundSeq',
  )
  .refine(
    (q) => q.aroundSeq === undefined || (q.afterSeq === undefined && q.beforeSeq === undefined),
    'aroundSeq goes without afterSeq and beforeSeq',
  );
/** The query of `GET /api/stored-logs`, as a client writes it. */
export type StoredLogsQuery = z.input<typeof storedLogsQuerySchema>;

/**
 * `GET /api/search`: the `limit` newest lines matching `q` (a substring, or with `regex` a
 * regular expression; case-insensitive unless `caseSensitive`) in `[since, until)`, on the
 * `hosts` (agent ids or names) and `containers` (full ids, id prefixes, names, or identity keys
 * like `shop/web#1`) named, comma-separated, all the user may see when absent. Without `q`, the
 * `streams`/`levels` filter alone selects. A search no text index serves needs `since` and a
 * range of at most `MAX_UNINDEXED_SEARCH_RANGE_MS`.
 */
export const searchQuerySchema = z.object({
  q: text(MAX_SEARCH_QUERY_LENGTH).min(1).optional(),
  regex: flag,
  caseSensitive: flag,
  since: time,
  until: time,
  hosts: commaList(agentRefSchema, MAX_SEARCH_TARGETS),
  containers: commaList(text(MAX_IDENTITY_KEY_LENGTH).min(1), MAX_SEARCH_TARGETS),
  streams: logLineFilterQueryShape.streams,
  levels: logLineFilterQueryShape.levels,
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_HITS).default(100),
});
/** The query of `GET /api/search`, as a client writes it. */
export type SearchQuery = z.input<typeof searchQuerySchema>;

/**
 * Whether a text index can choose a search's candidates: a plain substring of three or more
 * printable ASCII characters (the trigram index's reach, and what case folding can use). Any
 * other search runs every line in its range through the matcher.
 */
export function searchUsesIndex(filter: LogLineFilter): boolean {
  const { pattern, regex } = filter;
  return pattern !== undefined && regex !== true && pattern.length >= 3 && /^[\x20-\x7e]*$/.test(pattern);
}
