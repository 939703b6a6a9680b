import { z } from 'zod';
import { nonNegativeInt } from './fields.ts';
import type { LogLine, LogStream } from './logs.ts';
import { compareDockerTimestamps, dockerTimestampSchema } from './timestamps.ts';

/**
 * Where one stream stands: the newest timestamp seen on it and how many of its lines carried
 * exactly that stamp (several lines can share one nanosecond). Docker stores each stream in time
 * order, so every line of the stream stored later is stamped at or after `ts`, and the first
 * `countAtTs` of those stamped exactly `ts` are the ones already seen.
 */
export const streamPositionSchema = z.object({
  ts: dockerTimestampSchema,
  countAtTs: z.int().min(1),
});
/** See `streamPositionSchema`. */
export type StreamPosition = z.infer<typeof streamPositionSchema>;

/** A position per stream; a stream that has had no line has none. */
export const positionsByStreamSchema = z.object({
  stdout: streamPositionSchema.optional(),
  stderr: streamPositionSchema.optional(),
});
/** See `positionsByStreamSchema`. */
export type PositionsByStream = z.infer<typeof positionsByStreamSchema>;

/**
 * The position after one more line of its stream stamped `ts`: a newer stamp starts the count
 * over, the same stamp adds one. An older stamp is not a position (within a stream Docker's
 * stamps never go back), so the position stays as it was, the same object.
 */
export function advanceStreamPosition(position: StreamPosition | undefined, ts: string): StreamPosition {
  if (position === undefined) return { ts, countAtTs: 1 };
  const order = compareStamps(ts, position.ts);
  if (order > 0) return { ts, countAtTs: 1 };
  if (order === 0) return { ts: position.ts, countAtTs: position.countAtTs + 1 };
  return position;
}

/**
 * The manager's cursor of one stream, which `log.stream.start`'s `resume` carries: the last
 * line's `seq` (the agent numbers on from it), `ts`/`countAtTs` over both streams (the last line
 * held and how many lines in a row before it carried its stamp: what an agent of protocol 1
 * resumes from), and `streams`, a position per stream, which an agent of protocol 2 resumes from
 * exactly, since Docker's stored log is in order within a stream but not across them.
 *
 * `streams` is kept from a stream's fresh start on. A cursor that continues one without it (stored
 * by a manager of protocol 1) stays without it until the stream starts fresh: positions begun in
 * the middle could not say what the manager holds of a stream that has been quiet since.
 */
export type ResumeCursor = {
  seq: number;
  ts: string;
  countAtTs: number;
  streams?: PositionsByStream;
};

/** `ResumeCursor`'s schema as `log.stream.start` carries it (see there for what is optional). */
export const resumeCursorSchema = z.object({
  seq: nonNegativeInt,
  ts: dockerTimestampSchema,
  countAtTs: z.int().min(1).optional(),
  streams: positionsByStreamSchema.optional(),
});

/**
 * The cursor after `line`, the newest line received. Only lines move it: markers and gaps carry
 * no Docker position. The per-stream part advances by the line's own stream only.
 */
export function advanceResumeCursor(cursor: ResumeCursor | undefined, line: LogLine): ResumeCursor {
  // Compared as times, not strings: "…26.5Z" and "…26.500Z" are the same instant.
  const sameTs = cursor !== undefined && compareDockerTimestamps(cursor.ts, line.ts) === 0;
  const next: ResumeCursor = { seq: line.seq, ts: line.ts, countAtTs: sameTs ? cursor.countAtTs + 1 : 1 };
  const streams = cursor === undefined ? {} : cursor.streams;
  if (streams === undefined) return next;
  const position = advanceStreamPosition(streamPosition(streams, line.stream), line.ts);
  next.streams =
    line.stream === 'stdout' ? { ...streams, stdout: position } : { ...streams, stderr: position };
  return next;
}

/** One stream's position out of `positions`. */
export function streamPosition(positions: PositionsByStream, stream: LogStream): StreamPosition | undefined {
  return stream === 'stdout' ? positions.stdout : positions.stderr;
}

// Runs once per line on the agent and the manager. Two Docker timestamps of one length have the
// same fraction width, so string order is time order; only a mixed pair (Docker trims trailing
// zeros) needs the padded compare, which allocates.
function compareStamps(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return compareDockerTimestamps(a, b);
}
