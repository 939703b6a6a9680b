import {
  type LogEntry,
  MAX_STORED_LOG_PAGE,
  type StoredLogPage,
  type StoredLogsQuery,
  type StoredStreamView,
  storedLogPageSchema,
} from '@bosun/protocol';
import type { ManagerClient } from './http-client.ts';
import type { OutputSink } from './output-sink.ts';
import type { LogQuery } from './stored-logs.ts';

/** The `/api/stored-logs` path for one page of the container `query` names. */
export function retainedPagePath(query: LogQuery, page: Partial<StoredLogsQuery>): string {
  const params = new URLSearchParams({ agent: query.host, container: query.container });
  if (query.since) params.set('since', query.since.wire);
  if (query.until) params.set('until', query.until.wire);
  for (const [key, value] of Object.entries(page)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `/api/stored-logs?${params}`;
}

/** Reads one page of the manager's log store. */
export function readRetainedPage(
  client: ManagerClient,
  query: LogQuery,
  page: Partial<StoredLogsQuery>,
  signal?: AbortSignal,
): Promise<StoredLogPage> {
  return client.json(retainedPagePath(query, page), storedLogPageSchema, signal ? { signal } : {});
}

/**
 * A container's lines from the manager's log store (a removed container's, or a range Docker
 * rotated away), as `readStoredLogs` hands Docker's: entry by entry, oldest first, `-n` counted
 * in lines from the end of the range. Page by page through the `newer` cursor, waiting for the
 * sink between pages, so memory holds one page however long the range. Returns the stream read,
 * or false when the output pipe closed and the read was abandoned; `onStream` learns the stream
 * before its first entry.
 */
export async function readRetainedLogs(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  onEntry: (entry: LogEntry) => void,
  signal?: AbortSignal,
  onStream?: (stream: StoredStreamView) => void,
): Promise<StoredStreamView | false> {
  if (query.tail === 0) return (await readRetainedPage(client, query, { limit: 1 }, signal)).stream;
  let page =
    query.tail === 'all'
      ? await readRetainedPage(client, query, { limit: MAX_STORED_LOG_PAGE }, signal)
      : await tailStart(client, query, query.tail, signal);
  onStream?.(page.stream);
  for (;;) {
    for (const entry of page.entries) onEntry(entry);
    if (!sink.flush()) await sink.drained();
    if (sink.broken) return false;
    if (page.newer === null) return page.stream;
    page = await readRetainedPage(
      client,
      query,
      { afterSeq: page.newer, limit: MAX_STORED_LOG_PAGE },
      signal,
    );
  }
}

/**
 * The first page of the last `lines` lines of the range. Up to a page's worth comes in one read
 * of the newest lines; more walks back with the `older` cursor, holding only the counts, then
 * reads forward from the line it stopped at.
 */
async function tailStart(
  client: ManagerClient,
  query: LogQuery,
  lines: number,
  signal?: AbortSignal,
): Promise<StoredLogPage> {
  const newest = { direction: 'older' as const, limit: Math.min(lines, MAX_STORED_LOG_PAGE) };
  let page = await readRetainedPage(client, query, newest, signal);
  if (lines <= MAX_STORED_LOG_PAGE) return { ...page, newer: null };
  let counted = countLines(page.entries);
  let first = firstSeq(page.entries);
  while (counted < lines && page.older !== null) {
    const limit = Math.min(lines - counted, MAX_STORED_LOG_PAGE);
    page = await readRetainedPage(
      client,
      query,
      { direction: 'older', beforeSeq: page.older, limit },
      signal,
    );
    counted += countLines(page.entries);
    first = firstSeq(page.entries) ?? first;
  }
  // The range's first line, or the one `lines` back from its end: the forward read starts there.
  const from = first === undefined || first === 0 ? {} : { afterSeq: first - 1 };
  return readRetainedPage(client, query, { ...from, limit: MAX_STORED_LOG_PAGE }, signal);
}

function countLines(entries: readonly LogEntry[]): number {
  return entries.reduce((n, entry) => n + (entry.kind === 'line' ? 1 : 0), 0);
}

function firstSeq(entries: readonly LogEntry[]): number | undefined {
  return entries.find((entry) => entry.kind === 'line')?.seq;
}
