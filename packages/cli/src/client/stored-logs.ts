import {
  type LogEntry,
  type LogLine,
  logReadRecordSchema,
  type PackedLogLines,
  ProtocolError,
  packLogLines,
  unpackLogLines,
} from '@bosun/protocol';
import type { ManagerClient } from './http-client.ts';
import type { LogTime } from './log-time.ts';
import { NdjsonSplitter } from './ndjson-splitter.ts';
import type { OutputSink } from './output-sink.ts';

/**
 * A read of stored logs: the host and container as the person named them, how many lines from
 * the end, and an optional time window.
 */
export type LogQuery = {
  host: string;
  container: string;
  tail: number | 'all';
  since?: LogTime;
  until?: LogTime;
};

/** The `/api/logs` path (with its query) for `query`, answered in packs of lines. */
export function storedLogsPath(query: LogQuery): string {
  const params = new URLSearchParams({
    agent: query.host,
    container: query.container,
    tail: String(query.tail),
    format: 'packed',
  });
  if (query.since) params.set('since', query.since.wire);
  if (query.until) params.set('until', query.until.wire);
  return `/api/logs?${params}`;
}

/**
 * The stored logs of a container (`docker logs` without -f), entry by entry, in order. Reading
 * pauses whenever the sink's streams are full, so memory stays at about one chunk of input.
 * Returns false when the output pipe closed and the read was abandoned.
 */
export function readStoredLogs(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  onEntry: (entry: LogEntry) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  return readStoredLogPacks(
    client,
    query,
    sink,
    (pack) => {
      for (const line of unpackLogLines(pack)) onEntry(line);
    },
    signal,
  );
}

// The stored logs a pack of lines at a time, as the manager batched them.
async function readStoredLogPacks(
  client: ManagerClient,
  query: LogQuery,
  sink: OutputSink,
  onPack: (pack: PackedLogLines) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  const response = await client.send(storedLogsPath(query), signal ? { signal } : {});
  const body = response.body;
  if (!body) return true;
  const splitter = new NdjsonSplitter();
  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new Error(`the log read from the manager was cut off: ${(error as Error).message}`);
      }
      const records = chunk.done ? splitter.end() : splitter.push(chunk.value);
      for (const record of records) onPack(parseRecord(record));
      if (!sink.flush()) await sink.drained();
      if (sink.broken) return false;
      if (chunk.done) return true;
    }
  } finally {
    // Stops the download when we stop early (closed pipe, error); a no-op after the end.
    await reader.cancel().catch(() => {});
  }
}

// A read that fails after the answer began cannot change its status any more; the manager says so
// in a last record instead of a log line. A manager from before packs answers a record per line.
function parseRecord(record: Buffer): PackedLogLines {
  let json: unknown;
  try {
    json = JSON.parse(record.toString('utf8'));
  } catch {
    throw new Error('the manager sent a log record that is not JSON');
  }
  const parsed = logReadRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `the manager sent a log record that is not a log line: ${parsed.error.issues[0]?.message}`,
    );
  }
  const data = parsed.data;
  if ('error' in data) throw new ProtocolError(data.error.code, data.error.message);
  return data.kind === 'lines' ? data : packLogLines([data satisfies LogLine])[0]!;
}
