import { z } from 'zod';
// containerActionResultSchema and dockerStatusSchema live beside what they describe, so the HTTP
// views (and `bosun ps`) need not build every subject's schema to use them.
import {
  containerActionResultSchema,
  containerDetailsSchema,
  containerEventSchema,
  containerSummarySchema,
} from './container.ts';
import { wireErrorSchema } from './errors.ts';
import {
  agentNameSchema,
  clientIdSchema,
  containerIdSchema,
  containerRefSchema,
  nonNegativeInt,
  text,
  tokenSchema,
} from './fields.ts';
import { dockerStatusSchema, hostFactsSchema } from './host.ts';
import { MAX_CONTAINERS_PER_LIST } from './limits.ts';
import { logEntriesSchema, logLinesSchema } from './log-batch-schema.ts';
import { agentProveResultSchema, agentProveSchema } from './manager-proof.ts';
import { packedLogLinesSchema } from './packed-log-lines.ts';
import { resumeCursorSchema } from './resume-cursor.ts';
import { push, request } from './subject-spec.ts';
import { RFC3339_PATTERN } from './timestamps.ts';

// Exactly one way in: a first-time join token (exchanged for a credential) or that credential.
// Both at once would leave it unclear which one was checked, so strict objects refuse it.
const authSchema = z.union([
  z.strictObject({ joinToken: tokenSchema }),
  z.strictObject({ credential: tokenSchema }),
]);

/**
 * `agent.hello`, the agent's first frame on every connection: the protocol version it speaks, its
 * own version, the host it runs on and how it proves who it is. `name` is only a wish, read when a
 * join token is exchanged (sanitised and made unique then); identity comes from the secret alone.
 */
export const agentHelloSchema = z.object({
  protocol: nonNegativeInt,
  agentVersion: text(64).min(1),
  name: agentNameSchema.optional(),
  host: hostFactsSchema,
  auth: authSchema,
});

/**
 * The manager's welcome: the agent's id and name, how often to send heartbeats (1 s to 1 h) and,
 * after a join, the credential the agent must store.
 */
export const agentHelloResultSchema = z.object({
  agentId: agentNameSchema,
  name: agentNameSchema,
  // Present only when a join token was exchanged: the agent stores it and uses it from then on.
  credential: tokenSchema.optional(),
  heartbeatSeconds: z.int().min(1).max(3600),
  // The version the manager speaks (added in protocol 2, so optional: see wire-compat.ts).
  protocol: nonNegativeInt.optional(),
  // The manager takes `log.batch.packed` and `log.read.batch.packed`: an optional addition, so an
  // agent sends them only to a manager that said so, and per-entry batches to any other.
  packedBatches: z.boolean().optional(),
  // The manager takes `agent.beat` (always the same text, `AGENT_BEAT_FRAME`) in place of
  // `agent.heartbeat`: an optional addition, so an agent sends it only to a manager that said so.
  fixedBeat: z.boolean().optional(),
});

/** `agent.heartbeat`: sent each interval the welcome asked for; `at` is the agent's clock in Unix ms. */
export const agentHeartbeatSchema = z.object({ at: nonNegativeInt });

/** `agent.beat` / `manager.beat`: the fixed heartbeat and its answer (see fixed-beat.ts); no data. */
export const fixedBeatSchema = z.object({});

/** `container.list`: running containers only, or every container with `all`. */
export const containerListSchema = z.object({ all: z.boolean().optional() });
/** At most `MAX_CONTAINERS_PER_LIST` summaries, so one list fits a frame. */
export const containerListResultSchema = z.object({
  containers: z.array(containerSummarySchema).max(MAX_CONTAINERS_PER_LIST),
});

/** `container.inspect` of a container by full id, id prefix or name. */
export const containerInspectSchema = z.object({ id: containerRefSchema });
/** One container's details (never its environment: see `containerDetailsSchema`). */
export const containerInspectResultSchema = z.object({ container: containerDetailsSchema });

/**
 * `container.start`, `.stop` and `.restart`. `timeoutSeconds` (0-600) is how long Docker waits
 * before killing: its own default is 10 s, and ten minutes covers slow graceful shutdowns without
 * letting a request hang a connection indefinitely.
 */
export const containerActionSchema = z.object({
  id: containerRefSchema,
  timeoutSeconds: z.int().min(0).max(600).optional(),
});

/**
 * `log.stream.start`: follow one container's log. Two ways to start: `resume` continues after the
 * last line the manager holds (`ResumeCursor`), so a reconnect neither repeats nor renumbers
 * lines: the agent numbers on from `seq`; with `streams` (added in protocol 2, optional for one
 * version: a manager sends it, an agent of protocol 1 drops it) it re-reads Docker's stored logs
 * from the older stream's position and drops, per stream, what that position covers, which is
 * exact although Docker stores the two streams out of order with each other; without `streams`
 * (a manager of protocol 1, or a cursor stored before it) it re-reads from `ts` and drops the
 * first `countAtTs` lines stamped exactly `ts` over both streams, as protocol 1 did. Otherwise the
 * agent sends the last `tail` stored lines and numbers from `nextSeq`, so a topic's sequence never
 * goes back.
 */
export const logStreamStartSchema = z.object({
  container: containerIdSchema,
  resume: resumeCursorSchema.optional(),
  nextSeq: nonNegativeInt.optional(),
  tail: z.number().int().min(0).max(1_000_000).optional(),
});
/** The seq the next line will take, and whether the container has a TTY (one stream, no stderr). */
export const logStreamStartResultSchema = z.object({
  container: containerIdSchema,
  nextSeq: nonNegativeInt,
  tty: z.boolean(),
});

/** `log.stream.stop`: the manager no longer needs this container's log. */
export const logStreamStopSchema = z.object({ container: containerIdSchema });
/** Echoes the container whose follow was stopped. */
export const logStreamStopResultSchema = z.object({ container: containerIdSchema });

/** `log.batch`: the next entries of one followed container, at most `MAX_BATCH_LINES` of them. */
export const logBatchSchema = z.object({ container: containerIdSchema, entries: logEntriesSchema });

/**
 * `log.batch.packed`: the same as a `log.batch` of lines alone with consecutive seqs, in one
 * `packedLogLinesSchema` value, so each side handles one JSON value per batch rather than one per
 * line. Sent only to a manager whose welcome had `packedBatches`; a batch with a marker goes as
 * `log.batch`.
 */
export const logBatchPackedSchema = z.object({ container: containerIdSchema, lines: packedLogLinesSchema });

/** `log.stream.error`: a follow failed; `retrying` says whether the agent keeps trying on its own. */
export const logStreamErrorSchema = z.object({
  container: containerIdSchema,
  error: wireErrorSchema,
  retrying: z.boolean(),
});

// Docker's since/until: an RFC 3339 time or Unix seconds with an optional fraction. Relative
// durations ("10m") are resolved by the caller, whose clock is the one the user meant.
const UNIX_SECONDS_PATTERN = /^\d{1,12}(?:\.\d{1,9})?$/;
const logTimeSchema = z
  .string()
  .refine(
    (value) => UNIX_SECONDS_PATTERN.test(value) || RFC3339_PATTERN.test(value),
    'expected an RFC 3339 timestamp or Unix seconds',
  );

/**
 * `log.read`: a one-off read of a container's stored logs, answered in `log.read.batch` pushes
 * tagged with the requester's `readId`, then the request's result. `since` and `until` are Docker's:
 * an RFC 3339 time or Unix seconds; relative durations ("10m") are resolved by the caller, whose
 * clock is the one the user meant.
 */
export const logReadSchema = z.object({
  container: containerRefSchema,
  readId: clientIdSchema,
  tail: z.union([nonNegativeInt, z.literal('all')]).optional(),
  since: logTimeSchema.optional(),
  until: logTimeSchema.optional(),
  // Flow control, added in protocol 2 (optional: see wire-compat.ts): the bytes of line text the
  // agent may send for this read before it waits for `log.read.credit`. Absent: no limit.
  window: z.int().min(1).optional(),
});
/** Sent after the last `log.read.batch` of this read, so the requester knows it has everything. */
export const logReadResultSchema = z.object({ readId: clientIdSchema, lines: nonNegativeInt });

/** Part of a `log.read` answer. Stored logs hold only lines: restarts and gaps are facts of a live stream. */
export const logReadBatchSchema = z.object({
  readId: clientIdSchema,
  entries: logLinesSchema,
});

/** `log.read.batch.packed`: a `log.read.batch` in one packed value, under `log.batch.packed`'s rule. */
export const logReadBatchPackedSchema = z.object({ readId: clientIdSchema, lines: packedLogLinesSchema });

/**
 * `log.read.credit` (protocol 2): the manager's consumer took `bytes` of line text of this read,
 * so the agent may send that many more.
 */
export const logReadCreditSchema = z.object({ readId: clientIdSchema, bytes: z.int().min(1) });

/**
 * `log.read.cancel` (protocol 2): the read's consumer is gone; the agent stops reading at once
 * and answers the request with the lines it sent.
 */
export const logReadCancelSchema = z.object({ readId: clientIdSchema });

/** The subjects between agent and manager, each with its direction and schemas. */
export const AGENT_SUBJECTS = {
  // Optional and before the hello (see manager-proof.ts): no version bump, an older manager refuses it.
  'agent.prove': request('agent->manager', agentProveSchema, agentProveResultSchema),
  'agent.hello': request('agent->manager', agentHelloSchema, agentHelloResultSchema),
  'agent.heartbeat': push('agent->manager', agentHeartbeatSchema),
  'agent.beat': push('agent->manager', fixedBeatSchema),
  'manager.beat': push('manager->agent', fixedBeatSchema),
  'docker.status': push('agent->manager', dockerStatusSchema),
  'container.list': request('manager->agent', containerListSchema, containerListResultSchema),
  'container.inspect': request('manager->agent', containerInspectSchema, containerInspectResultSchema),
  'container.start': request('manager->agent', containerActionSchema, containerActionResultSchema),
  'container.stop': request('manager->agent', containerActionSchema, containerActionResultSchema),
  'container.restart': request('manager->agent', containerActionSchema, containerActionResultSchema),
  'container.event': push('agent->manager', containerEventSchema),
  'log.stream.start': request('manager->agent', logStreamStartSchema, logStreamStartResultSchema),
  'log.stream.stop': request('manager->agent', logStreamStopSchema, logStreamStopResultSchema),
  'log.batch': push('agent->manager', logBatchSchema),
  'log.batch.packed': push('agent->manager', logBatchPackedSchema),
  'log.stream.error': push('agent->manager', logStreamErrorSchema),
  'log.read': request('manager->agent', logReadSchema, logReadResultSchema),
  'log.read.batch': push('agent->manager', logReadBatchSchema),
  'log.read.batch.packed': push('agent->manager', logReadBatchPackedSchema),
  'log.read.credit': push('manager->agent', logReadCreditSchema),
  'log.read.cancel': push('manager->agent', logReadCancelSchema),
} as const;
