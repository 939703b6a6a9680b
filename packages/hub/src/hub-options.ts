import { DEFAULT_RING_LINES } from '@bosun/protocol';
import { type HubLogger, silentLogger } from './logger.ts';
import type { RetentionPolicy } from './retention/retention-policy.ts';

const MiB = 1024 * 1024;
const SECOND = 1000;
const HOUR = 3600 * SECOND;

/** Every bound the hub enforces, with its default. */
export interface HubOptions {
  /** Entries a container's ring keeps for new viewers and resumes. */
  ringLines: number;
  /** Text bytes a container's ring keeps, whichever bound is hit first. */
  ringBytes: number;
  /** How long a stream keeps running after its last viewer left, so a page reload costs nothing. */
  lingerMs: number;
  /** An agent socket must say hello within this or it is closed. */
  helloTimeoutMs: number;
  /** After the welcome, how long to wait for the agent's first frame before sending it requests. */
  agentReadyGraceMs: number;
  /** Heartbeat interval handed to agents in the welcome. */
  heartbeatSeconds: number;
  /** A welcomed agent that sends nothing for this long is taken for dead and closed (0: never). */
  agentSilenceMs: number;
  /** At most one `lastSeenAt` store write per agent per this interval (plus one on disconnect). */
  lastSeenWriteMs: number;
  /** Requests awaiting an agent's answer, per agent; more fail with `limit_exceeded`. */
  maxPendingPerAgent: number;
  /** Concurrent `log.read`s per agent; more fail with `limit_exceeded`. */
  maxReadsPerAgent: number;
  /** Concurrent `log.read`s per user, over every agent; more fail with `limit_exceeded`. */
  maxReadsPerUser: number;
  /** Concurrent `log.read`s in the whole manager; more fail with `limit_exceeded`. */
  maxReads: number;
  /**
   * Bytes of line text an agent may send for one read before its consumer takes any (the
   * `log.read` window): what a read can hold in the manager, however slow its client.
   */
  logReadWindowBytes: number;
  /**
   * A read fails with `timeout` when the agent holds credit and sends nothing for this long. A
   * read waiting on its consumer (a client paging slowly) has no deadline.
   */
  logReadIdleMs: number;
  /** Subscriptions one viewer connection may hold. */
  maxSubscriptionsPerViewer: number;
  /** Live log streams per agent (the agent itself follows at most 500 containers). */
  maxTopicsPerAgent: number;
  /** Entries a slow viewer's subscription may have queued before its oldest are dropped. */
  subscriberQueueLines: number;
  /** Text bytes a slow viewer's subscription may have queued before its oldest are dropped. */
  subscriberQueueBytes: number;
  /** Above this many buffered bytes a viewer socket is slow: its entries queue instead. */
  viewerHighWaterBytes: number;
  /**
   * Viewer frames one stream may cost per second. A stream's entries go out as they come while
   * that allows it (a few viewers); with many viewers they are gathered and sent together, at
   * most every viewers / fanOutFramesPerSecond seconds, so socket writes stay within the budget
   * instead of one write per viewer for every small batch the agent sends.
   */
  fanOutFramesPerSecond: number;
  /** The longest entries are gathered before they go out, however many viewers there are. */
  fanOutMaxDelayMs: number;
  /**
   * One bound, in bytes, over what log traffic holds in the manager: rings, viewer queues, read
   * windows, pending agent requests and viewer sockets' unsent bytes. Past it the hub sheds in a
   * written order (`memory/shed-memory.ts`) and refuses new subscriptions and reads.
   */
  memoryBudgetBytes: number;
  /** The budget walks socket buffers, reads and pending requests at most this often. */
  memorySampleMs: number;
  /** How often queued entries are retried while any queue is non-empty. */
  drainIntervalMs: number;
  /**
   * The least time between two `logs.skipped` reports of one filtered subscription: the count a
   * viewer shows lags by at most this (plus a drain tick), and a filtered viewer of a noisy
   * container gets one small frame per period for all it did not ask for.
   */
  skippedReportMs: number;
  /** Cursors of streams that moved are written at most this often. */
  cursorFlushMs: number;
  /** Delay before asking an agent again for a stream that failed to start for a passing reason. */
  streamRetryMs: number;
  /** Join token lifetime when none is asked for, and the longest one may be asked for. */
  joinTokenTtlMs: number;
  maxJoinTokenTtlMs: number;
  /**
   * Which containers' logs go to the log store when one is given (`HubInit.logStore`), on hosts
   * without a policy of their own; see `RetentionPolicy`.
   */
  retain: RetentionPolicy;
  /**
   * Retained streams ingested at once; past it, the running containers go first and the rest
   * wait for a slot. Each holds one agent follow and one topic ring.
   */
  maxIngestStreams: number;
  /** Lines a retained stream with no stored cursor takes from Docker's log when it starts. */
  ingestBacklogLines: number;
  /** How often paused ingest streams are resumed and the retained set is checked. */
  ingestRetryMs: number;
  logger: HubLogger;
}

/** The defaults of every bound; `Hub` takes any of them overridden. */
export const DEFAULT_HUB_OPTIONS: HubOptions = {
  ringLines: DEFAULT_RING_LINES,
  ringBytes: 8 * MiB,
  lingerMs: 5 * SECOND,
  helloTimeoutMs: 10 * SECOND,
  agentReadyGraceMs: 2 * SECOND,
  heartbeatSeconds: 15,
  // Three missed heartbeats: one late frame is a hiccup, three are a dead link.
  agentSilenceMs: 45 * SECOND,
  lastSeenWriteMs: 30 * SECOND,
  maxPendingPerAgent: 256,
  maxReadsPerAgent: 16,
  maxReadsPerUser: 8,
  maxReads: 64,
  logReadWindowBytes: 1 * MiB,
  logReadIdleMs: 60 * SECOND,
  maxSubscriptionsPerViewer: 64,
  maxTopicsPerAgent: 500,
  subscriberQueueLines: 10_000,
  subscriberQueueBytes: 8 * MiB,
  viewerHighWaterBytes: 1 * MiB,
  // Measured (fan-out bench, 500 viewers, one frame per agent batch): about 8 µs of manager CPU
  // per viewer frame, most of it the socket write. 20,000 frames a second is then about 0.15 of
  // a core per stream; up to 20 viewers get every batch at once, 500 get a frame every 25 ms.
  fanOutFramesPerSecond: 20_000,
  fanOutMaxDelayMs: 50,
  // A small machine (1 GiB of memory) can give the manager a quarter of it for log traffic, on
  // top of its own footprint (140 to 280 MB in the bench, the larger with 1,000 agents), and
  // still run its containers. That is 32 full 8 MiB rings, or 200 streams of 1 MiB each.
  memoryBudgetBytes: 256 * MiB,
  memorySampleMs: 100,
  drainIntervalMs: 25,
  skippedReportMs: 1 * SECOND,
  cursorFlushMs: 1 * SECOND,
  streamRetryMs: 5 * SECOND,
  joinTokenTtlMs: 1 * HOUR,
  maxJoinTokenTtlMs: 7 * 24 * HOUR,
  retain: 'labelled',
  // An agent follows at most 500 containers; 200 retained streams leave room for viewers, and
  // their rings stay within the memory budget when most streams are quiet.
  maxIngestStreams: 200,
  ingestBacklogLines: 100_000,
  ingestRetryMs: 1 * SECOND,
  logger: silentLogger,
};

/** The defaults with every option the caller set (undefined leaves the default). */
export function resolveHubOptions(options: Partial<HubOptions> | undefined): HubOptions {
  const resolved = { ...DEFAULT_HUB_OPTIONS };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
