import { dockerTimestampToUnixNanos, type LogEntry, unixNanosToDockerSince } from '@bosun/protocol';
import type { HistoryHandlers } from './container-history.ts';
import type { ManagerClient } from './http-client.ts';
import type { OutputSink } from './output-sink.ts';
import { readStoreHistory, unlessNotStored } from './store-history.ts';
import { type LogQuery, readStoredLogs } from './stored-logs.ts';

/**
 * How much of Docker's `-n` answer is held back until its read ends, so the store's older lines
 * can still go first. Past either bound the held lines print and the rest streams as it comes;
 * should Docker then still hold fewer than `-n` lines, the store's older ones are left out and
 * `handlers.note` says so (an `-n` that large reads a range better with `--since`).
 */
export const TAIL_HOLD = { lines: 10_000, bytes: 16 * 1024 * 1024 };

/**
 * The last `query.tail` lines of a container Docker still knows, as `docker logs -n` prints them
 * had Docker kept them all: Docker's newest lines, and when Docker holds fewer (it rotated its
 * files away), the store's lines older than Docker's first one before them, split at Docker's
 * first timestamp as the `--since` read splits, so no line comes twice and none is skipped. The
 * store is asked only when Docker's answer came short. False when the output pipe closed.
 */
export async function readTailHistory(
  client: ManagerClient,
  query: LogQuery & { tail: number },
  sink: OutputSink,
  handlers: HistoryHandlers,
  signal?: AbortSignal,
): Promise<boolean> {
  const held: LogEntry[] = [];
  let bytes = 0;
  let lines = 0;
  let first: string | undefined;
  let streaming = false;
  const complete = await readStoredLogs(
    client,
    query,
    sink,
    (entry) => {
      if (entry.kind === 'line') {
        lines += 1;
        first ??= entry.ts;
      }
      if (streaming) return handlers.entry(entry, 'docker');
      held.push(entry);
      bytes += entry.kind === 'line' ? entry.text.length : 0;
      if (lines > TAIL_HOLD.lines || bytes > TAIL_HOLD.bytes) {
        streaming = true;
        for (const entry of held.splice(0)) handlers.entry(entry, 'docker');
      }
    },
    signal,
  );
  if (!complete) return false;
  if (streaming && lines < query.tail) {
    handlers.note?.(
      `Docker holds ${lines} of the ${query.tail} lines asked for; older stored lines were not read (use --since for a range this large)`,
    );
  }
  if (!streaming && lines < query.tail) {
    const older: LogQuery = { ...query, tail: query.tail - lines };
    if (first !== undefined) {
      const nanos = dockerTimestampToUnixNanos(first);
      older.until = { wire: unixNanosToDockerSince(nanos), nanos };
    }
    if (!(await readOlderFromStore(client, older, sink, handlers, signal))) return false;
  }
  return printHeld(held, sink, handlers);
}

// A manager without a store, or a store that never kept this container, has nothing to add.
async function readOlderFromStore(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  handlers: HistoryHandlers,
  signal?: AbortSignal,
): Promise<boolean> {
  return unlessNotStored(
    () => readStoreHistory(client, query, sink, handlers, signal),
    () => true,
  );
}

// Handed on a chunk at a time, waiting for the sink between chunks as a read does.
const PRINT_CHUNK = 1_000;

async function printHeld(held: LogEntry[], sink: OutputSink, handlers: HistoryHandlers): Promise<boolean> {
  for (let i = 0; i < held.length; i += PRINT_CHUNK) {
    for (const entry of held.slice(i, i + PRINT_CHUNK)) handlers.entry(entry, 'docker');
    if (!sink.flush()) await sink.drained();
    if (sink.broken) return false;
  }
  return true;
}
