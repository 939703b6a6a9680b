import { compareDockerTimestamps, type LogLine } from '@bosun/protocol';

/**
 * The last line a topic holds: enough for the agent to resume losslessly. `countAtTs` counts the
 * lines stamped exactly `ts` at the end of the stream, which the agent skips when it re-reads
 * Docker's logs from `ts` (several lines can share one nanosecond timestamp).
 */
export type LogCursor = { seq: number; ts: string; countAtTs: number };

/** The cursor after `line`, the newest line of the stream. */
export function advanceCursor(cursor: LogCursor | undefined, line: LogLine): LogCursor {
  // Compared as times, not strings: "…26.5Z" and "…26.500Z" are the same instant.
  const sameTs = cursor !== undefined && compareDockerTimestamps(cursor.ts, line.ts) === 0;
  return { seq: line.seq, ts: line.ts, countAtTs: sameTs ? cursor.countAtTs + 1 : 1 };
}
