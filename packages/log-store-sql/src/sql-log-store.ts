import {
  type LogAppendOutcome,
  LogAppendQueue,
  type LogReadPage,
  type LogReadQuery,
  type LogRetention,
  type LogSearchQuery,
  type LogSearchResult,
  type LogStore,
  type LogStoreStats,
  type LogStreamKey,
  type LogStreamMeta,
  type StoredLogStream,
} from '@bosun/hub';
import { type LogEntry, ProtocolError, type ResumeCursor } from '@bosun/protocol';
import { listPartitions, type Partition } from './log-partitions.ts';
import { readPage, searchPartitions } from './log-queries.ts';
import { enforceRetention, type RetentionSizes, retentionSizes } from './log-retention.ts';
import { LogWriter } from './log-writer.ts';
import type { SqlDatabase } from './sql-database.ts';

/** Options of the SQL log store; every field has a default. */
export type SqlLogStoreOptions = {
  /** The append queue's bound in text bytes (default 64 MiB). */
  queueBytes?: number;
  /** Overrides the sizes derived from `maxBytes` (see `retentionSizes`). */
  sizes?: Partial<RetentionSizes>;
  /** A partition is sealed after this long even when small (default one hour). */
  partitionMs?: number;
  /** How many rows an unindexed search examines before it stops (default a million). */
  scanBudgetRows?: number;
  now?: () => number;
  /** When the writer runs (default `setTimeout`): a runtime or a test may run it on its own terms. */
  timer?: WriterTimer;
  /**
   * What a failed call throws, or a failed write is reported as, for `err` thrown by the database
   * while doing `action` ("writing logs"). The runtime's adapter maps its SQLite errors here (and
   * may count them toward its health); the default is an `internal` error with `err` as its cause.
   */
  toError?: (err: unknown, action: string) => unknown;
  /** A write failed (the error from `toError`); its batches are queued again and retried later. */
  writeFailed?: (error: unknown) => void;
};

/** Runs the writer later: `set` returns a handle `clear` cancels. */
export type WriterTimer = { set(run: () => void, delayMs: number): unknown; clear(handle: unknown): void };

const TIMEOUTS: WriterTimer = {
  set: (run, delayMs) => setTimeout(run, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const DEFAULT_QUEUE_BYTES = 64 * 2 ** 20;
const HOUR_MS = 3_600_000;
// After a failed write the batches stay queued and the writer tries again this much later.
const RETRY_WRITE_MS = 1_000;

/**
 * The log store on a `SqlDatabase` (schema already applied: `LOG_MIGRATIONS`). Appends are queued
 * and written by one writer on timers, a transaction at a time (at most `transactionBytes` of
 * text, so one transaction blocks the event loop briefly), with retention enforced after each.
 */
export class SqlLogStore implements LogStore {
  readonly #db: SqlDatabase;
  readonly #queue: LogAppendQueue;
  readonly #writer: LogWriter;
  readonly #now: () => number;
  readonly #options: SqlLogStoreOptions;
  readonly #toError: (err: unknown, action: string) => unknown;
  #retention: LogRetention;
  #sizes: RetentionSizes;
  #partitions: Partition[];
  readonly #timers: WriterTimer;
  #timer: unknown;
  #closed = false;

  constructor(db: SqlDatabase, retention: LogRetention, options: SqlLogStoreOptions = {}) {
    this.#db = db;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#toError = options.toError ?? internalError;
    this.#timers = options.timer ?? TIMEOUTS;
    this.#queue = new LogAppendQueue(options.queueBytes ?? DEFAULT_QUEUE_BYTES);
    this.#retention = { ...retention };
    this.#sizes = { ...retentionSizes(retention.maxBytes), ...options.sizes };
    this.#partitions = listPartitions(db);
    const open = this.#partitions.at(-1);
    this.#writer = db.transaction(() => new LogWriter(db, open?.sealed ? undefined : open, this.#now()));
    if (open === undefined || open.sealed) this.#partitions = listPartitions(db);
  }

  append(stream: LogStreamMeta, entries: readonly LogEntry[]): LogAppendOutcome {
    if (this.#closed) return 'closed';
    const outcome = this.#queue.push(stream, entries, this.#now());
    if (outcome === 'queued') this.#schedule(0);
    return outcome;
  }

  async flush(): Promise<void> {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    while (this.#queue.size > 0) {
      if (!this.#writeOnce()) return;
    }
  }

  async resumeCursor(key: LogStreamKey): Promise<ResumeCursor | undefined> {
    const cursor = this.#writer.stream(key.agentId, key.containerId)?.cursor;
    return cursor === undefined ? undefined : structuredClone(cursor);
  }

  async read(query: LogReadQuery): Promise<LogReadPage> {
    const state = this.#writer.stream(query.agentId, query.containerId);
    if (state === undefined) return { entries: [], next: null };
    return this.#call('reading logs', () => readPage(this.#db, this.#partitions, state.id, query));
  }

  async search(query: LogSearchQuery): Promise<LogSearchResult> {
    return this.#call('searching logs', () =>
      searchPartitions(
        this.#db,
        this.#partitions,
        this.#writer.streamIds(),
        query,
        this.#options.scanBudgetRows,
      ),
    );
  }

  async streams(): Promise<StoredLogStream[]> {
    return this.#call('listing log streams', () => {
      const byId = this.#writer.streamIds();
      const first = this.#db
        .prepare(
          'SELECT stream_id, first_ts FROM (SELECT stream_id, min(first_tns), first_ts FROM partition_streams GROUP BY stream_id)',
        )
        .all();
      const firstTs = new Map(first.map((r) => [Number(r.stream_id), String(r.first_ts)]));
      const rows = this.#db
        .prepare(
          `SELECT stream_id, last_ts, lines, bytes FROM (SELECT stream_id, max(last_tns) AS newest, last_ts, sum(lines) AS lines,
           sum(bytes) AS bytes FROM partition_streams GROUP BY stream_id HAVING sum(lines) > 0) ORDER BY newest DESC`,
        )
        .all();
      return rows.flatMap((r) => {
        const id = Number(r.stream_id);
        const meta = byId.get(id);
        if (meta === undefined) return [];
        const state = this.#writer.stream(meta.agentId, meta.containerId);
        return [
          {
            ...meta,
            firstTs: firstTs.get(id) ?? null,
            lastTs: String(r.last_ts),
            lastSeq: state === undefined || state.newestSeq < 0 ? null : state.newestSeq,
            lines: Number(r.lines),
            bytes: Number(r.bytes),
          },
        ];
      });
    });
  }

  async stats(): Promise<LogStoreStats> {
    return this.#call('reading log store stats', () => {
      const totals = this.#db
        .prepare(
          'SELECT coalesce(sum(lines), 0) AS lines, count(DISTINCT stream_id) AS streams FROM partition_streams WHERE lines > 0',
        )
        .get();
      const oldest = this.#db
        .prepare('SELECT first_ts FROM partition_streams ORDER BY first_tns LIMIT 1')
        .get();
      return {
        bytes: this.#db.sizeBytes(),
        lines: Number(totals?.lines ?? 0),
        streams: Number(totals?.streams ?? 0),
        oldestTs: oldest === undefined ? null : String(oldest.first_ts),
        lag: this.#queue.lag(this.#now()),
      };
    });
  }

  retention(): LogRetention {
    return { ...this.#retention };
  }

  setRetention(retention: LogRetention): void {
    this.#retention = { ...retention };
    this.#sizes = { ...retentionSizes(retention.maxBytes), ...this.#options.sizes };
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#closed) return;
    // setImmediate-like: the writer runs after the I/O that queued the lines, never inside it.
    this.#timer = this.#timers.set(() => {
      this.#timer = undefined;
      if (this.#writeOnce() && this.#queue.size > 0) this.#schedule(0);
    }, delayMs);
  }

  // One transaction of queued batches, then retention. False when the write failed (the batches
  // are back at the queue's front and a retry is scheduled).
  #writeOnce(): boolean {
    const batches = this.#queue.take(this.#sizes.transactionEntries, this.#sizes.transactionBytes);
    if (batches.length === 0) return true;
    try {
      this.#db.transaction(() => {
        const open = this.#writer.partition;
        const now = this.#now();
        if (
          open.textBytes >= this.#sizes.partitionTextBytes ||
          now - open.openedAt >= (this.#options.partitionMs ?? HOUR_MS)
        ) {
          this.#writer.rotate(now);
          this.#partitions = listPartitions(this.#db);
        }
        this.#writer.write(batches);
      });
      this.#partitions = enforceRetention(this.#db, this.#retention, this.#sizes, this.#now());
      return true;
    } catch (err) {
      this.#queue.putBack(batches);
      this.#options.writeFailed?.(this.#toError(err, 'writing logs'));
      this.#schedule(RETRY_WRITE_MS);
      return false;
    }
  }

  #call<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw this.#toError(err, action);
    }
  }
}

function internalError(err: unknown, action: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  return new ProtocolError('internal', `storage error while ${action}`, { cause: err });
}
