import type { LogEntry, LogLine, LogLineFilter, ResumeCursor } from '@bosun/protocol';

/**
 * The manager's log store: every line of the streams under retention, kept across container
 * removal and manager restarts, bounded by bytes and age. Runtime-agnostic (SQLite on Node, a
 * Durable Object's SQLite or D1 elsewhere); the contract every implementation shares is
 * `describeLogStoreContract` in the hub's test kit. Timestamps are Docker's (RFC 3339 with up to
 * nine fraction digits), other times milliseconds since the epoch.
 */

/** One container's stream: one Docker container, one generation. */
export type LogStreamKey = { agentId: string; containerId: string };

/** What the store keeps about a stream besides its lines, so it can be listed once the container is gone. */
export type LogStreamMeta = LogStreamKey & {
  /** The stable identity across recreation (protocol's container identity key). */
  identity: string;
  hostName: string;
  containerName: string;
  image: string;
  /** The labels later readers need (compose project/service/number, `bosun.retain`). */
  labels: Readonly<Record<string, string>>;
  /** When Docker created the container, or null when unknown. */
  createdAt: number | null;
};

/**
 * What `append` did with a batch: `queued` (it will be written, in order), `full` (the queue is
 * at its bound: nothing of the batch was taken, the caller resumes the stream later from
 * `resumeCursor`), `closed` (the store is closing).
 */
export type LogAppendOutcome = 'queued' | 'full' | 'closed';

/** How far the store lags behind what was appended. */
export type LogStoreLag = {
  /** Lines and markers queued, not yet written. */
  entries: number;
  /** Their text bytes (`entryTextBytes`). */
  bytes: number;
  /** Age of the oldest queued batch, 0 when none is queued. */
  oldestAgeMs: number;
  /** The queue's bound in text bytes. */
  maxBytes: number;
  /** Batches and lines refused (`full`) since the store opened. */
  refusedBatches: number;
  refusedLines: number;
};

/** How much the store keeps; the oldest data goes first. 0 means no bound. */
export type LogRetention = {
  /** The whole store, as the implementation measures it (the SQLite store: the file and its WAL). */
  maxBytes: number;
  /**
   * The oldest line's age; the same for every stream, so it is one setting. Enforced at the
   * implementation's granularity (SQLite: a whole partition), documented there.
   */
  maxAgeMs: number;
  /** One stream's text bytes, so a noisy container cannot push out every other one. */
  maxStreamBytes: number;
};

/**
 * What both managers keep of each line and of each container unless told otherwise: 7 days, and
 * 256 MiB of one container's text so a noisy one cannot push out every other. The whole store's
 * bound is each runtime's own (its disk, an object's storage).
 */
export const DEFAULT_STREAM_RETENTION: Omit<LogRetention, 'maxBytes'> = {
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxStreamBytes: 256 * 1024 ** 2,
};

/** A stream as the store holds it; removed containers stay listed while they have lines. */
export type StoredLogStream = LogStreamMeta & {
  /** Docker timestamps of the oldest and newest line held, null when none is held any more. */
  firstTs: string | null;
  lastTs: string | null;
  /** Seq of the newest line ever written (kept when retention drops the lines). */
  lastSeq: number | null;
  lines: number;
  /** Text bytes held (`entryTextBytes` of the lines). */
  bytes: number;
};

/**
 * A page of one stream: `order` oldest or newest first, at most `limit` lines (markers in the
 * range come along and do not count). Bounds narrow together: `since` inclusive, `until`
 * exclusive (Docker timestamps); `afterSeq`/`beforeSeq` exclusive, for the next page.
 */
export type LogReadQuery = LogStreamKey & {
  order: 'oldest' | 'newest';
  limit: number;
  since?: string;
  until?: string;
  afterSeq?: number;
  beforeSeq?: number;
  filter?: LogLineFilter;
};

/**
 * Entries in the order asked. `next` continues in that order (`afterSeq` for oldest first,
 * `beforeSeq` for newest first), null once the range is exhausted. A filtered read stops at the
 * implementation's scan budget, so a page can hold fewer than `limit` lines and still have a
 * `next`.
 */
export type LogReadPage = { entries: LogEntry[]; next: number | null };

/** Which streams a search looks at; absent fields do not narrow, present ones narrow together. */
export type LogStreamSelection = {
  agentIds?: readonly string[];
  streams?: readonly LogStreamKey[];
  identities?: readonly string[];
};

/** A search across streams for the `limit` newest lines the filter matches in `[since, until)`. */
export type LogSearchQuery = {
  filter: LogLineFilter;
  since?: string;
  until?: string;
  select?: LogStreamSelection;
  limit: number;
  /** Stop counting hits past this many (default 10,000); `countsComplete` then says false. */
  countLimit?: number;
};

/** One line found, with its stream. */
export type LogSearchHit = LogStreamKey & { line: LogLine };

/**
 * What a search found. `indexed` says whether a text index chose the candidates (a substring of
 * three characters or more) or every line in range was run through the matcher (a regex, a
 * shorter pattern, a filter without a pattern). An unindexed scan stops at the implementation's
 * budget: `complete` false, and `scannedFrom` the oldest timestamp it reached, so a caller can
 * search on below it (`until`).
 */
export type LogSearchResult = {
  /** Newest first. */
  hits: LogSearchHit[];
  counts: Array<LogStreamKey & { count: number }>;
  countsComplete: boolean;
  indexed: boolean;
  complete: boolean;
  scannedFrom: string | null;
};

/** The store's size and lag, for `/metrics` and health. */
export type LogStoreStats = {
  /** What retention's `maxBytes` is measured against (SQLite: the file and its WAL). */
  bytes: number;
  lines: number;
  streams: number;
  /** The oldest line's timestamp, null when empty. */
  oldestTs: string | null;
  lag: LogStoreLag;
};

/**
 * The store's port. `append` never blocks and never throws for load: the implementation queues
 * and writes in transactions off the caller's path. Lines are kept exactly once per stream: a line
 * whose seq is at or below the stream's newest appended seq is dropped, so a stream resumed from
 * `resumeCursor` can re-send what the store already has. Reads see what has been written, not what
 * is still queued (`flush` waits for it).
 */
export interface LogStore {
  /** Queues a batch of a stream's entries (lines in seq order, markers in place). */
  append(stream: LogStreamMeta, entries: readonly LogEntry[]): LogAppendOutcome;
  /** Resolves once everything appended before the call is written (or failed to be). */
  flush(): Promise<void>;
  /**
   * The cursor after the newest line written for a stream: where its ingest resumes. Kept when
   * retention drops the stream's lines.
   */
  resumeCursor(key: LogStreamKey): Promise<ResumeCursor | undefined>;
  read(query: LogReadQuery): Promise<LogReadPage>;
  search(query: LogSearchQuery): Promise<LogSearchResult>;
  /** Every stream holding at least one line, newest last line first (removed containers included). */
  streams(): Promise<StoredLogStream[]>;
  stats(): Promise<LogStoreStats>;
  retention(): LogRetention;
  /** Replaces the retention settings; enforced from the next write on. */
  setRetention(retention: LogRetention): void;
  /** Writes what is queued, then closes. */
  close(): Promise<void>;
}
