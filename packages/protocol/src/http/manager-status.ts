import { z } from 'zod';
import { LOG_GAP_REASONS } from '../logs.ts';
import { retentionStatusSchema } from './retention-views.ts';

const count = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative();
const ms = z.number().nonnegative();

/** The store as the manager sees it: whether it works, since when it fails and what it said. */
export const storeStatusSchema = z.object({
  ok: z.boolean(),
  /** Unix ms the current failure began; absent while ok. */
  failingSince: z.number().int().optional(),
  /** The last failure's message; absent while ok. */
  error: z.string().optional(),
  /** Store operations that failed since the manager started. */
  errorsTotal: count,
});

/**
 * `GET /api/status`: the manager at a glance, for people (`bosun status`); `/metrics` has the
 * same figures and more for monitoring systems. Counts since the manager started unless a
 * field says otherwise.
 */
export const managerStatusSchema = z.object({
  version: z.string(),
  /** Unix ms the manager started. */
  startedAt: z.number().int(),
  uptimeSeconds: z.number().nonnegative(),
  agents: z.object({
    online: count,
    /** Every agent not revoked; null when the store could not be read. */
    total: count.nullable(),
    /** Online agents speaking the previous protocol version or running an older bosun: to upgrade. */
    outdated: count,
  }),
  /** Container streams the manager follows, and viewer subscriptions to them. */
  streams: z.object({ open: count, subscriptions: count }),
  viewers: count,
  /** Stored-log reads: running now, and since the start. */
  reads: z.object({ open: count, started: count, cancelled: count, failed: count }),
  /** Log lines taken from agents, and entries sent to viewers (once per viewer), with their text bytes. */
  logs: z.object({ linesIn: count, bytesIn: bytes, entriesOut: count, bytesOut: bytes }),
  /** Gap markers by reason (lines lost, each marker naming which). */
  gaps: z.object(
    Object.fromEntries(LOG_GAP_REASONS.map((reason) => [reason, count])) as Record<
      (typeof LOG_GAP_REASONS)[number],
      typeof count
    >,
  ),
  memory: z.object({
    rssBytes: bytes,
    heapUsedBytes: bytes,
    /** Text held in the streams' rings of recent lines. */
    ringBytes: bytes,
    /** Text waiting in slow viewers' queues. */
    queuedBytes: bytes,
    /**
     * The hub's memory budget for log traffic (rings, viewer queues, read windows, pending
     * requests, viewer socket buffers) and what holds it now; optional: added after 0.1.0.
     */
    budgetBytes: bytes.optional(),
    budgetUsedBytes: bytes.optional(),
  }),
  /** How late the event loop ran timers, over the last few seconds. */
  eventLoopDelayMs: z.object({ p50: ms, p99: ms, max: ms }),
  store: storeStatusSchema,
  /** The log store and what feeds it; for admins of a manager that keeps logs, absent otherwise. */
  retention: retentionStatusSchema.optional(),
});
/** The answer of `GET /api/status`. */
export type ManagerStatus = z.infer<typeof managerStatusSchema>;

/**
 * `GET /metrics`: Prometheus text exposition format 0.0.4, for monitoring systems; one metric
 * family after another, each with its HELP and TYPE lines.
 */
export const metricsTextSchema = z.string();
