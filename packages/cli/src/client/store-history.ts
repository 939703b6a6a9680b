import { ManagerError } from '../exit-codes.ts';
import type { HistoryHandlers } from './container-history.ts';
import type { ManagerClient } from './http-client.ts';
import type { OutputSink } from './output-sink.ts';
import { readRetainedLogs } from './retained-logs.ts';
import type { LogQuery } from './stored-logs.ts';

/**
 * The store's part of a history read: `query`'s lines from the manager's log store, handed on as
 * the store's. False when the output pipe closed and the read was abandoned.
 */
export async function readStoreHistory(
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

/**
 * `read`'s answer, or `otherwise`'s when the manager answers not found: it keeps no log store
 * (one from before it), or its store never held the container.
 */
export async function unlessNotStored<T>(read: () => Promise<T>, otherwise: () => T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ManagerError && error.code === 'not_found') return otherwise();
    throw error;
  }
}
