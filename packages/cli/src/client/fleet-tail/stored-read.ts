import type { LogEntry } from '@bosun/protocol';
import { ManagerError } from '../../exit-codes.ts';
import type { ManagerClient } from '../http-client.ts';
import type { OutputSink } from '../output-sink.ts';
import { type LogQuery, readStoredLogs } from '../stored-logs.ts';
import type { TailSource } from './tail-source.ts';

/** One container's stored read in the fleet tail; `onEntry` sees every entry as it is read and says whether to print it. */
export type StoredRead = {
  source: TailSource;
  query: LogQuery;
  onEntry(entry: LogEntry): boolean;
  onGone(): void;
};

/**
 * Stored reads the fleet tail runs at once. The manager allows 8 per user (and refuses more with
 * `limit_exceeded`); 4 leaves the other half for the person's other commands, such as a second
 * tail or the web UI, while a history read stays fast.
 */
export const MAX_STORED_READS = 4;

/**
 * Runs one stored read, handing the entries `onEntry` keeps to `hold`. A container removed between
 * the list and its read is left out with `onGone`; any other failure (a read the manager refused,
 * such as `limit_exceeded`, or one cut off) goes to `failed`, unless `signal` stopped the read.
 */
export async function runStoredRead(
  client: ManagerClient,
  read: StoredRead,
  gate: OutputSink,
  signal: AbortSignal,
  hold: (entry: LogEntry) => void,
  failed: (error: unknown) => void,
): Promise<void> {
  try {
    await readStoredLogs(
      client,
      read.query,
      gate,
      (entry) => {
        if (read.onEntry(entry)) hold(entry);
      },
      signal,
    );
  } catch (error) {
    if (error instanceof ManagerError && error.code === 'not_found') read.onGone();
    else if (!signal.aborted) failed(error);
  }
}
