import {
  dockerTimestampToUnixNanos,
  type LogEntry,
  type StoredLogPage,
  type StoredStreamView,
  unixNanosToDockerSince,
} from '@bosun/protocol';
import { ManagerError } from '../exit-codes.ts';
import type { ManagerClient } from './http-client.ts';
import type { OutputSink } from './output-sink.ts';
import { readRetainedLogs, readRetainedPage } from './retained-logs.ts';
import { type LogQuery, readStoredLogs } from './stored-logs.ts';
import { isMissingContainer } from './target-errors.ts';

/** Where an entry came from: Docker's log (through the agent) or the manager's log store. */
export type HistorySource = 'docker' | 'store';

/** What a history read hands on: each entry with its source, and the stored stream once known. */
export type HistoryHandlers = {
  entry(entry: LogEntry, source: HistorySource): void;
  /** The store's stream of the container, when the store took part in the read. */
  stream?(stream: StoredStreamView): void;
};

/**
 * How the history read ends: `complete` false when the reader went away; `removed` when Docker no
 * longer knows the container and the store answered alone.
 */
export type HistoryRead = { complete: boolean; removed: boolean };

/**
 * One container's history (`docker logs` without -f), from wherever it still is:
 * - Docker's log, as always;
 * - the manager's log store alone when Docker no longer knows the container (removed), or when
 *   `preferStore` and the store holds the whole `--since`/`--until` range (an export);
 * - the store's lines older than Docker's first line, then Docker's, when Docker rotated away
 *   the start of the range: split at Docker's first timestamp (Docker holds nothing before it),
 *   so no line comes twice and none is skipped, however often Docker rotates meanwhile.
 * A manager without a store (or from before it) answers not found, and Docker's read stands.
 */
export async function readContainerHistory(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  options: { signal?: AbortSignal; preferStore?: boolean } = {},
): Promise<HistoryRead> {
  const { signal } = options;
  // With `-n`, Docker's newest lines are the answer; the store is asked only for a removed container.
  const head = query.tail === 'all' ? await firstStoredPage(client, query, signal) : undefined;
  const live = head && !head.stream.removed ? head : undefined;
  if (live && options.preferStore && coversRange(live.stream, query)) {
    return { complete: await readFromStore(client, query, sink, handlers, signal), removed: false };
  }
  const storedFirst = live ? firstLineNanos(live) : undefined;
  // The store's lines before `printed` (from --since on) are out; Docker's must start there.
  let printed: bigint | undefined;
  let began = false;
  for (;;) {
    try {
      const complete = await readStoredLogs(
        client,
        query,
        sink,
        (entry) => {
          if (!began && entry.kind === 'line') {
            const first = dockerTimestampToUnixNanos(entry.ts);
            if (storedFirst !== undefined && storedFirst < first && (printed ?? storedFirst) < first) {
              throw new RotatedAway(first, entry.ts);
            }
            began = true;
          }
          handlers.entry(entry, 'docker');
        },
        signal,
      );
      if (complete && !began && storedFirst !== undefined) {
        // Docker holds nothing of the range any more; the store does.
        const rest = printed === undefined ? query : { ...query, since: atNanos(printed) };
        return { complete: await readFromStore(client, rest, sink, handlers, signal), removed: false };
      }
      return { complete, removed: false };
    } catch (error) {
      if (error instanceof RotatedAway) {
        // Docker's log starts after lines the store holds: those go first, up to (not including)
        // Docker's first stamp, then Docker's read starts over. A read is never held open while
        // the store prints, as the manager cuts a log read its client stops taking.
        const part = { ...query, until: { wire: error.ts, nanos: error.nanos } };
        if (printed !== undefined) part.since = atNanos(printed);
        if (!(await readFromStore(client, part, sink, handlers, signal)))
          return { complete: false, removed: false };
        printed = error.nanos;
        continue;
      }
      if (began || !isMissingContainer(error)) throw error;
      try {
        return { complete: await readFromStore(client, query, sink, handlers, signal), removed: true };
      } catch (storeError) {
        // No stored stream either: the container's own not-found is the answer.
        if (storeError instanceof ManagerError && storeError.code === 'not_found') throw error;
        throw storeError;
      }
    }
  }
}

/** Docker's first line of the range comes after stored lines: thrown to stop that read unprinted. */
class RotatedAway extends Error {
  readonly nanos: bigint;
  readonly ts: string;

  constructor(nanos: bigint, ts: string) {
    super('the start of the range is in the log store');
    this.nanos = nanos;
    this.ts = ts;
  }
}

async function readFromStore(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  signal?: AbortSignal,
): Promise<boolean> {
  const stream = await readRetainedLogs(
    client,
    query,
    sink,
    (entry) => handlers.entry(entry, 'store'),
    signal,
    handlers.stream,
  );
  return stream !== false;
}

// The store's first line of the range, or undefined when it holds none or keeps no logs at all.
async function firstStoredPage(
  client: ManagerClient,
  query: LogQuery,
  signal?: AbortSignal,
): Promise<StoredLogPage | undefined> {
  try {
    return await readRetainedPage(client, query, { limit: 1 }, signal);
  } catch (error) {
    if (error instanceof ManagerError && error.code === 'not_found') return undefined;
    throw error;
  }
}

function firstLineNanos(page: StoredLogPage): bigint | undefined {
  const line = page.entries.find((entry) => entry.kind === 'line');
  return line ? dockerTimestampToUnixNanos(line.ts) : undefined;
}

// Whether the store's lines span the whole of `--since`..`--until` (both given).
function coversRange(stream: StoredStreamView, query: LogQuery): boolean {
  if (!query.since || !query.until || stream.firstTs === null || stream.lastTs === null) return false;
  return (
    dockerTimestampToUnixNanos(stream.firstTs) <= query.since.nanos &&
    dockerTimestampToUnixNanos(stream.lastTs) >= query.until.nanos
  );
}

function atNanos(nanos: bigint): NonNullable<LogQuery['since']> {
  return { wire: unixNanosToDockerSince(nanos), nanos };
}
