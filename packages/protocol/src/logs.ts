import { z } from 'zod';
import { nonNegativeInt, text } from './fields.ts';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_LINE_BYTES } from './limits.ts';
import { dockerTimestampSchema } from './timestamps.ts';
import { utf8ByteLength } from './utf8.ts';

// Lines are numbered, markers are not: a line's seq is its ordinal in the container's stream, so
// re-reading Docker's stored logs from a cursor (last seq + timestamp) numbers every later line
// exactly as before. That is what lets a manager that lost its memory resume a stream and its
// viewers resume from their last seq without a gap or a duplicate. Markers sit *after* a seq.
const seq = nonNegativeInt;
const afterSeq = z.int().min(-1);

/**
 * The most characters a line's `text` may hold. The producer enforces `MAX_LINE_BYTES` on raw
 * bytes; here only a cheap bound that covers base64's 4/3 growth and UTF-16 code units, so a
 * consumer never holds a runaway line.
 */
export const MAX_LINE_TEXT_LENGTH = MAX_LINE_BYTES * 2;

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** The two output streams Docker keeps apart (a TTY container writes only stdout). */
export const LOG_STREAMS = ['stdout', 'stderr'] as const;
/** One of `LOG_STREAMS`. */
export type LogStream = (typeof LOG_STREAMS)[number];

/**
 * One line a container wrote, numbered by `seq` and stamped with Docker's timestamp. `text` is
 * the line without its "\n" ("\r" stays: it is part of what the program wrote). Lines that are
 * not valid UTF-8 travel as base64 so the bytes a viewer saves are the bytes Docker stored;
 * `truncated` marks a line cut at `MAX_LINE_BYTES`.
 */
export const logLineSchema = z
  .object({
    kind: z.literal('line'),
    seq,
    ts: dockerTimestampSchema,
    stream: z.enum(LOG_STREAMS),
    text: z.string().max(MAX_LINE_TEXT_LENGTH),
    encoding: z.literal('base64').optional(),
    truncated: z.literal(true).optional(),
    // No "\n" ended this line (a program's last output without one): `docker logs` prints none,
    // so neither may bosun.
    partial: z.literal(true).optional(),
  })
  .refine(
    (line) => line.encoding !== 'base64' || (line.text.length % 4 === 0 && BASE64_PATTERN.test(line.text)),
    {
      message: 'expected base64 text',
      path: ['text'],
    },
  );
/** A line entry: see `logLineSchema`. */
export type LogLine = z.infer<typeof logLineSchema>;

/** The container restarted; its stream goes on under the same sequence. */
export const logRestartSchema = z.object({
  kind: z.literal('restart'),
  afterSeq,
  ts: dockerTimestampSchema,
  reason: text(256).optional(),
});
/** A restart marker: see `logRestartSchema`. */
export type LogRestart = z.infer<typeof logRestartSchema>;

/**
 * Why the lines of a `gap` entry were lost; the agent sends `agent_backpressure` when its
 * outbound queue overflowed.
 */
export const LOG_GAP_REASONS = [
  'agent_backpressure',
  'docker_behind',
  'ring_evicted',
  'subscriber_behind',
] as const;
/** One of `LOG_GAP_REASONS`. */
export type LogGapReason = (typeof LOG_GAP_REASONS)[number];

/**
 * The lines numbered fromSeq..toSeq (inclusive) were lost and will never arrive; they were
 * numbered before they were dropped, so the numbering of later lines does not depend on drops.
 */
export const logGapSchema = z
  .object({
    kind: z.literal('gap'),
    fromSeq: seq,
    toSeq: seq,
    reason: z.enum(LOG_GAP_REASONS),
  })
  .refine((gap) => gap.toSeq >= gap.fromSeq, { message: 'expected toSeq >= fromSeq', path: ['toSeq'] });
/** A gap marker: see `logGapSchema`. */
export type LogGap = z.infer<typeof logGapSchema>;

/** Why a stream ended for good. */
export const LOG_END_REASONS = ['removed', 'stopped', 'error'] as const;
/** One of `LOG_END_REASONS`. */
export type LogEndReason = (typeof LOG_END_REASONS)[number];

/** The stream is over for good; no line follows afterSeq. */
export const logEndSchema = z.object({
  kind: z.literal('end'),
  afterSeq,
  ts: dockerTimestampSchema.optional(),
  reason: z.enum(LOG_END_REASONS),
  message: text(MAX_ERROR_MESSAGE_LENGTH).optional(),
});
/** An end marker: see `logEndSchema`. */
export type LogEnd = z.infer<typeof logEndSchema>;

/**
 * What a container's stream is made of: lines, which take sequence numbers, and markers
 * (`restart`, `gap`, `end`), which sit after a seq and take none.
 */
export const logEntrySchema = z.discriminatedUnion('kind', [
  logLineSchema,
  logRestartSchema,
  logGapSchema,
  logEndSchema,
]);
/** A line or a marker: see `logEntrySchema`. */
export type LogEntry = z.infer<typeof logEntrySchema>;
/** `line`, `restart`, `gap` or `end`. */
export type LogEntryKind = LogEntry['kind'];

/**
 * The UTF-8 text bytes an entry carries: what `MAX_BATCH_TEXT_BYTES`, the agent's batches and
 * queue, and the hub's ring and viewer queues count against their byte bounds.
 */
export function entryTextBytes(entry: LogEntry): number {
  switch (entry.kind) {
    case 'line':
      return utf8ByteLength(entry.text);
    case 'restart':
      return entry.reason === undefined ? 0 : utf8ByteLength(entry.reason);
    case 'end':
      return entry.message === undefined ? 0 : utf8ByteLength(entry.message);
    case 'gap':
      return 0;
  }
}
