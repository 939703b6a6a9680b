import {
  dockerTimestampToUnixNanos,
  type LogEntry,
  type StoredLogPage,
  type StoredStreamView,
  unixNanosToDockerSince,
} from '@bosun/protocol';
import type { ManagerClient } from './http-client.ts';
import type { OutputSink } from './output-sink.ts';
import { readRetainedLogs, readRetainedPage } from './retained-logs.ts';
import { readStoreHistory, unlessNotStored } from './store-history.ts';
import { type LogQuery, readStoredLogs } from './stored-logs.ts';
import { readTailHistory } from './tail-history.ts';
import { isAgentOffline, isMissingContainer } from './target-errors.ts';

/** Where an entry came from: Docker's log (through the agent) or the manager's log store. */
export type HistorySource = 'docker' | 'store';

/** What a history read hands on: each entry with its source, and the stored stream once known. */
export type HistoryHandlers = {
  entry(entry: LogEntry, source: HistorySource): void;
  /** The store's stream of the container, when the store took part in the read. */
  stream?(stream: StoredStreamView): void;
  /** The container's host is offline: the store's lines of `stream` follow instead of Docker's. */
  offline?(stream: StoredStreamView): void;
  /** Something the reader should know about what was not printed, for stderr. */
  note?(text: string): void;
};

/**
 * How the history read ends: `complete` false when the reader went away; `removed` when Docker no
 * longer knows the container and the store answered alone.
 */
export type HistoryRead = { complete: boolean; removed: boolean };

/**
 * One container's history (`docker logs` without -f), from wherever it still is:
 * - Docker's log, as always;
 * - the manager's log store alone when Docker no longer knows the container (removed), when
 *   `preferStore` and the store holds the whole `--since`/`--until` range (an export), or, with
 *   `offlineFromStore`, when the container's host is offline (`handlers.offline` is told first);
 * - the store's lines older than Docker's first line, then Docker's, when Docker rotated away
 *   the start of the range, or holds fewer lines than `-n` asks for (see `readTailHistory`):
 *   split at Docker's first timestamp (Docker holds nothing before it), so no line comes twice
 *   and none is skipped, however often Docker rotates meanwhile.
 * A manager without a store (or from before it) answers not found, and Docker's read stands.
 */
export async function readContainerHistory(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  options: { signal?: AbortSignal; preferStore?: boolean; offlineFromStore?: boolean } = {},
): Promise<HistoryRead> {
  let handed = false;
  const counted: HistoryHandlers = {
    ...handlers,
    entry: (entry, source) => {
      handed = true;
      handlers.entry(entry, source);
    },
  };
  try {
    return await readAvailableHistory(client, query, sink, counted, options);
  } catch (error) {
    // An agent lost halfway through its read: what it printed stands, and so does the error.
    if (!options.offlineFromStore || handed || !isAgentOffline(error)) throw error;
    return {
      complete: await readOfflineHistory(client, query, sink, handlers, error, options.signal),
      removed: false,
    };
  }
}

async function readAvailableHistory(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  options: { signal?: AbortSignal; preferStore?: boolean },
): Promise<HistoryRead> {
  const { signal } = options;
  if (query.tail !== 'all') {
    try {
      return {
        complete: await readTailHistory(client, { ...query, tail: query.tail }, sink, handlers, signal),
        removed: false,
      };
    } catch (error) {
      if (!isMissingContainer(error)) throw error;
      return {
        complete: await readRemovedHistory(client, query, sink, handlers, error, signal),
        removed: true,
      };
    }
  }
  const head = await firstStoredPage(client, query, signal);
  const live = head && !head.stream.removed ? head : undefined;
  if (live && options.preferStore && coversRange(live.stream, query)) {
    return { complete: await readStoreHistory(client, query, sink, handlers, signal), removed: false };
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
        return { complete: await readStoreHistory(client, rest, sink, handlers, signal), removed: false };
      }
      return { complete, removed: false };
    } catch (error) {
      if (error instanceof RotatedAway) {
        // Docker's log starts after lines the store holds: those go first, up to (not including)
        // Docker's first stamp, then Docker's read starts over. A read is never held open while
        // the store prints, as the manager cuts a log read its client stops taking.
        const part = { ...query, until: { wire: error.ts, nanos: error.nanos } };
        if (printed !== undefined) part.since = atNanos(printed);
        if (!(await readStoreHistory(client, part, sink, handlers, signal)))
          return { complete: false, removed: false };
        printed = error.nanos;
        continue;
      }
      if (began || !isMissingContainer(error)) throw error;
      return {
        complete: await readRemovedHistory(client, query, sink, handlers, error, signal),
        removed: true,
      };
    }
  }
}

// Docker no longer knows the container: the store answers, or the container's own not-found does.
async function readRemovedHistory(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  missing: unknown,
  signal?: AbortSignal,
): Promise<boolean> {
  return unlessNotStored(
    () => readStoreHistory(client, query, sink, handlers, signal),
    () => {
      throw missing;
    },
  );
}

// The host is offline: the store's lines stand in, after `handlers.offline` learned how far they
// go; a container the store never kept leaves the offline error as the answer.
async function readOfflineHistory(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  offline: unknown,
  signal?: AbortSignal,
): Promise<boolean> {
  let told = false;
  const tell = (stream: StoredStreamView) => {
    if (!told) handlers.offline?.(stream);
    told = true;
    handlers.stream?.(stream);
  };
  return unlessNotStored(
    async () => {
      const stream = await readRetainedLogs(
        client,
        query,
        sink,
        (entry) => handlers.entry(entry, 'store'),
        signal,
        tell,
      );
      // `-n 0` reads no page of lines, so the stream is learnt only at the end.
      if (stream !== false && !told) tell(stream);
      return stream !== false;
    },
    () => {
      throw offline;
    },
  );
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

// The store's first line of the range, or undefined when it holds none or keeps no logs at all.
async function firstStoredPage(
  client: ManagerClient,
  query: LogQuery,
  signal?: AbortSignal,
): Promise<StoredLogPage | undefined> {
  return unlessNotStored<StoredLogPage | undefined>(
    () => readRetainedPage(client, query, { limit: 1 }, signal),
    () => undefined,
  );
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
