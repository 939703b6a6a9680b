import {
  advanceResumeCursor,
  compareDockerTimestamps,
  compileLineFilter,
  dockerTimestampToUnixNanos,
  entryTextBytes,
  type LogEntry,
  type LogLine,
  type ResumeCursor,
} from '@bosun/protocol';
import { LogAppendQueue } from '../log-store/log-append-queue.ts';
import { lineInBounds, markerInPage, orderPage } from '../log-store/read-window.ts';
import { admitEntries } from '../log-store/stream-admission.ts';
import { selectsStream } from '../log-store/stream-selection.ts';
import type {
  LogAppendOutcome,
  LogReadPage,
  LogReadQuery,
  LogRetention,
  LogSearchHit,
  LogSearchQuery,
  LogSearchResult,
  LogStore,
  LogStoreStats,
  LogStreamKey,
  LogStreamMeta,
  StoredLogStream,
} from '../ports/log-store.ts';

type Held = { order: number; entry: LogEntry; bytes: number };
type HeldStream = {
  meta: LogStreamMeta;
  items: Held[];
  bytes: number;
  newestSeq: number;
  cursor: ResumeCursor | undefined;
};

/** Options of the in-memory store; all have defaults. */
export type MemoryLogStoreOptions = {
  retention?: LogRetention;
  queueBytes?: number;
  now?: () => number;
};

const NO_BOUND: LogRetention = { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 };

/**
 * The log store of hub tests: the port's semantics in plain arrays. Bytes are text bytes, the
 * queue drains on the next timer tick, "newest" is the order lines were written in.
 */
export class MemoryLogStore implements LogStore {
  readonly #queue: LogAppendQueue;
  readonly #streams = new Map<string, HeldStream>();
  readonly #now: () => number;
  #retention: LogRetention;
  #order = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: MemoryLogStoreOptions = {}) {
    this.#queue = new LogAppendQueue(options.queueBytes ?? 64 * 2 ** 20);
    this.#retention = options.retention ?? NO_BOUND;
    this.#now = options.now ?? Date.now;
  }

  append(stream: LogStreamMeta, entries: readonly LogEntry[]): LogAppendOutcome {
    if (this.#closed) return 'closed';
    const outcome = this.#queue.push(stream, entries, this.#now());
    if (outcome === 'queued') this.#timer ??= setTimeout(() => this.#drain(), 0);
    return outcome;
  }

  async flush(): Promise<void> {
    this.#drain();
  }

  async resumeCursor(key: LogStreamKey): Promise<ResumeCursor | undefined> {
    const cursor = this.#streams.get(keyOf(key))?.cursor;
    return cursor === undefined ? undefined : structuredClone(cursor);
  }

  async read(query: LogReadQuery): Promise<LogReadPage> {
    const held = this.#streams.get(keyOf(query));
    if (held === undefined || query.limit <= 0) return { entries: [], next: null };
    const test = query.filter === undefined ? undefined : compileLineFilter(query.filter);
    const lines = held.items
      .map((h) => h.entry)
      .filter((e): e is LogLine => e.kind === 'line' && lineInBounds(query, e))
      .filter((l) => test === undefined || test(l));
    if (query.order === 'newest') lines.reverse();
    const page = lines.slice(0, query.limit);
    const more = lines.length > query.limit;
    const lastSeq = more ? (page.at(-1) as LogLine).seq : null;
    const markers = held.items
      .map((h) => h.entry)
      .filter((e) => e.kind !== 'line' && markerInPage(query, e, lastSeq));
    return { entries: structuredClone(orderPage([...page, ...markers], query.order)), next: lastSeq };
  }

  async search(query: LogSearchQuery): Promise<LogSearchResult> {
    const test = compileLineFilter(query.filter);
    const found: Array<{ order: number; hit: LogSearchHit }> = [];
    for (const held of this.#streams.values()) {
      if (!selectsStream(query.select, held.meta)) continue;
      const bounds: LogReadQuery = { ...streamKey(held.meta), order: 'newest', limit: 0 };
      if (query.since !== undefined) bounds.since = query.since;
      if (query.until !== undefined) bounds.until = query.until;
      for (const { order, entry } of held.items) {
        if (entry.kind !== 'line' || !lineInBounds(bounds, entry)) continue;
        if (!test(entry)) continue;
        found.push({ order, hit: { ...streamKey(held.meta), line: structuredClone(entry) } });
      }
    }
    found.sort((a, b) => b.order - a.order);
    const countLimit = query.countLimit ?? 10_000;
    const counts = new Map<string, LogStreamKey & { count: number }>();
    for (const { hit } of found.slice(0, countLimit)) {
      const entry = counts.get(keyOf(hit)) ?? { ...streamKey(hit), count: 0 };
      entry.count += 1;
      counts.set(keyOf(hit), entry);
    }
    return {
      hits: found.slice(0, Math.max(0, query.limit)).map((f) => f.hit),
      counts: [...counts.values()],
      countsComplete: found.length <= countLimit,
      indexed: false,
      complete: true,
      scannedFrom: null,
    };
  }

  async streams(): Promise<StoredLogStream[]> {
    const listed: StoredLogStream[] = [];
    for (const held of this.#streams.values()) {
      const lines = held.items.flatMap((h) => (h.entry.kind === 'line' ? [h.entry] : []));
      if (lines.length === 0) continue;
      listed.push({
        ...structuredClone(held.meta),
        firstTs: (lines[0] as LogLine).ts,
        lastTs: (lines.at(-1) as LogLine).ts,
        lastSeq: held.newestSeq,
        lines: lines.length,
        bytes: held.bytes,
      });
    }
    return listed.sort((a, b) => compareDockerTimestamps(b.lastTs ?? '', a.lastTs ?? ''));
  }

  async stats(): Promise<LogStoreStats> {
    let bytes = 0;
    let lines = 0;
    let oldestTs: string | null = null;
    let streams = 0;
    for (const held of this.#streams.values()) {
      bytes += held.bytes;
      const heldLines = held.items.filter((h) => h.entry.kind === 'line');
      lines += heldLines.length;
      if (heldLines.length > 0) streams += 1;
      const first = heldLines[0]?.entry as LogLine | undefined;
      if (first && (oldestTs === null || compareDockerTimestamps(first.ts, oldestTs) < 0))
        oldestTs = first.ts;
    }
    return { bytes, lines, streams, oldestTs, lag: this.#queue.lag(this.#now()) };
  }

  retention(): LogRetention {
    return { ...this.#retention };
  }

  setRetention(retention: LogRetention): void {
    this.#retention = { ...retention };
  }

  async close(): Promise<void> {
    this.#drain();
    this.#closed = true;
  }

  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const batch of this.#queue.take(Infinity, Infinity)) this.#write(batch.stream, batch.entries);
    this.#enforce();
  }

  #write(meta: LogStreamMeta, entries: readonly LogEntry[]): void {
    const key = keyOf(meta);
    const held = this.#streams.get(key) ?? { meta, items: [], bytes: 0, newestSeq: -1, cursor: undefined };
    held.meta = structuredClone(meta);
    this.#streams.set(key, held);
    const { kept, newestSeq } = admitEntries(held.newestSeq, entries);
    held.newestSeq = newestSeq;
    for (const entry of kept) {
      const bytes = entry.kind === 'line' ? entryTextBytes(entry) : 0;
      held.items.push({ order: this.#order++, entry: structuredClone(entry), bytes });
      held.bytes += bytes;
      if (entry.kind === 'line') held.cursor = advanceResumeCursor(held.cursor, entry);
    }
  }

  // Oldest first: lines past the age, then each stream's excess, then the whole store's.
  #enforce(): void {
    const { maxAgeMs, maxStreamBytes, maxBytes } = this.#retention;
    const all = [...this.#streams.values()];
    if (maxAgeMs > 0) {
      const cutoff = BigInt(this.#now() - maxAgeMs) * 1_000_000n;
      for (const held of all) {
        while (held.items[0] !== undefined && olderThan(held.items[0].entry, cutoff)) dropOldest(held);
      }
    }
    if (maxStreamBytes > 0) {
      for (const held of all) while (held.bytes > maxStreamBytes) dropOldest(held);
    }
    if (maxBytes > 0) {
      let total = all.reduce((sum, held) => sum + held.bytes, 0);
      while (total > maxBytes) {
        const oldest = all
          .filter((h) => h.items.length > 0)
          .reduce((a, b) => ((a.items[0] as Held).order < (b.items[0] as Held).order ? a : b));
        total -= dropOldest(oldest);
      }
    }
  }
}

function olderThan(entry: LogEntry, cutoffNanos: bigint): boolean {
  const ts = entry.kind === 'gap' ? undefined : entry.ts;
  return ts !== undefined && dockerTimestampToUnixNanos(ts) < cutoffNanos;
}

function dropOldest(held: HeldStream): number {
  const dropped = held.items.shift();
  held.bytes -= dropped?.bytes ?? 0;
  return dropped?.bytes ?? 0;
}

function keyOf(key: LogStreamKey): string {
  return `${key.agentId}\u0000${key.containerId}`;
}

function streamKey(key: LogStreamKey): LogStreamKey {
  return { agentId: key.agentId, containerId: key.containerId };
}
