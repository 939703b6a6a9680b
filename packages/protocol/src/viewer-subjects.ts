import { z } from 'zod';
import {
  agentNameSchema,
  clientIdSchema,
  containerIdSchema,
  containerRefSchema,
  nonNegativeInt,
  text,
} from './fields.ts';
import { MAX_BATCH_LINES, MAX_ERROR_MESSAGE_LENGTH } from './limits.ts';
import { logEntriesSchema } from './log-batch-schema.ts';
import { logLineFilterSchema } from './log-filter.ts';
import { logEntrySchema } from './logs.ts';
import { packedLogLinesSchema } from './packed-log-lines.ts';
import { push, request } from './subject-spec.ts';

/**
 * `logs.subscribe`: follow one container of one agent under the viewer's own `sub` id.
 * `fromSeq` resumes: every entry with seq >= fromSeq the manager still holds. `tail` bounds the
 * history of a fresh subscription; without it the viewer gets all the ring holds. `packed` asks
 * for live batches of lines as `logs.batch.packed`. `filter` asks for only the lines it keeps
 * (`compileLineFilter`; markers always come), history and live alike, with `logs.skipped` counting
 * the rest; `tail` then counts lines before filtering. A filter that cannot be compiled is refused
 * with `invalid_data`.
 */
export const logsSubscribeSchema = z.object({
  sub: clientIdSchema,
  agent: agentNameSchema,
  container: containerRefSchema,
  fromSeq: nonNegativeInt.optional(),
  tail: nonNegativeInt.optional(),
  // Live lines as `logs.batch.packed` where a batch allows it: an optional addition, which an
  // older manager drops (and sends `logs.batch`, which a viewer asking for this still reads).
  packed: z.boolean().optional(),
  // An optional addition an older manager drops: it then sends every line, so a viewer asking
  // for a filter applies it to what it receives as well (see `filtered` in the reply).
  filter: logLineFilterSchema.optional(),
});
/**
 * The subscription accepted, with the container's full id and the seqs the manager holds for it:
 * from `firstSeq` up to, not including, `nextSeq` (the two are equal when it holds nothing).
 */
export const logsSubscribeResultSchema = z.object({
  sub: clientIdSchema,
  container: containerIdSchema,
  agent: agentNameSchema,
  // The oldest seq still held, or nextSeq when nothing is.
  firstSeq: nonNegativeInt,
  nextSeq: nonNegativeInt,
  // The manager applies the subscription's filter; absent from a manager that does not know
  // filters (or when none was asked for), whose viewer then filters by itself.
  filtered: z.literal(true).optional(),
});

/** `logs.unsubscribe`: the viewer no longer wants `sub`. */
export const logsUnsubscribeSchema = z.object({ sub: clientIdSchema });
/** Echoes the subscription ended. */
export const logsUnsubscribeResultSchema = z.object({ sub: clientIdSchema });

/**
 * `logs.history`: what the manager held when the viewer subscribed. History arrives in one or
 * more frames, the last with done=true, before any logs.batch of the same sub; an empty ring still
 * sends one empty, done frame so the viewer can stop waiting.
 */
export const logsHistorySchema = z.object({
  sub: clientIdSchema,
  entries: z.array(logEntrySchema).max(MAX_BATCH_LINES),
  done: z.boolean(),
});

/** `logs.batch`: live entries of one subscription, in the order the stream produced them. */
export const logsBatchSchema = z.object({ sub: clientIdSchema, entries: logEntriesSchema });

/**
 * `logs.batch.packed`: a `logs.batch` of lines alone with consecutive seqs, as one
 * `packedLogLinesSchema` value; sent only to a subscription that asked for `packed`, which still
 * gets `logs.batch` for any batch with a marker or a jump in seq.
 */
export const logsBatchPackedSchema = z.object({ sub: clientIdSchema, lines: packedLogLinesSchema });

/**
 * `logs.skipped`: `count` lines of a filtered subscription that its filter held back since the
 * last such report, none of them past `throughSeq`. Sent once nothing is waiting for the viewer,
 * so every line up to `throughSeq` has by then been sent or counted: a viewer resumes after it,
 * and the seqs it never saw are no gap. At most about once a second per subscription, so a noisy
 * container costs a filtered viewer almost nothing.
 */
export const logsSkippedSchema = z.object({
  sub: clientIdSchema,
  count: z.int().min(1),
  throughSeq: nonNegativeInt,
});

/** Why entries will not reach a viewer (see `logsGapSchema`). */
export const LOGS_GAP_REASONS = ['subscriber_behind', 'ring_evicted'] as const;

/**
 * `logs.gap`: entries fromSeq..toSeq (inclusive) will not reach this viewer (`count` lines in
 * all): its queue overflowed (`subscriber_behind`), or it asked for entries the ring no longer
 * holds (`ring_evicted`).
 */
export const logsGapSchema = z
  .object({
    sub: clientIdSchema,
    fromSeq: nonNegativeInt,
    toSeq: nonNegativeInt,
    count: z.int().min(1),
    reason: z.enum(LOGS_GAP_REASONS),
  })
  .refine((gap) => gap.toSeq >= gap.fromSeq, { message: 'expected toSeq >= fromSeq', path: ['toSeq'] });

/** What a subscribed stream is doing, as the viewer shows it. */
export const LOGS_STATES = ['live', 'agent_offline', 'docker_unavailable', 'ended'] as const;

/** `logs.status`: the state of the subscribed stream, with a sentence saying why when there is one. */
export const logsStatusSchema = z.object({
  sub: clientIdSchema,
  state: z.enum(LOGS_STATES),
  message: text(MAX_ERROR_MESSAGE_LENGTH).optional(),
});

/** The subjects between a viewer (web UI, CLI) and the manager's log socket. */
export const VIEWER_SUBJECTS = {
  'logs.subscribe': request('viewer->manager', logsSubscribeSchema, logsSubscribeResultSchema),
  'logs.unsubscribe': request('viewer->manager', logsUnsubscribeSchema, logsUnsubscribeResultSchema),
  'logs.history': push('manager->viewer', logsHistorySchema),
  'logs.batch': push('manager->viewer', logsBatchSchema),
  'logs.batch.packed': push('manager->viewer', logsBatchPackedSchema),
  'logs.gap': push('manager->viewer', logsGapSchema),
  'logs.skipped': push('manager->viewer', logsSkippedSchema),
  'logs.status': push('manager->viewer', logsStatusSchema),
} as const;
