import { entryTextBytes, type LogEntry } from '@bosun/protocol';
import type { LogAppendOutcome, LogStoreLag, LogStreamMeta } from '../ports/log-store.ts';

/** One appended batch waiting to be written. */
export type QueuedBatch = { stream: LogStreamMeta; entries: readonly LogEntry[]; bytes: number; at: number };

/**
 * The batches appended and not yet written, in order, bounded by their text bytes. Overflow
 * policy: a batch that does not fit is refused whole (`full`) and counted; nothing queued is
 * dropped, so what the store writes is always a prefix of each stream, and the refused stream is
 * resumed by its ingest from the store's cursor once the queue drains. A batch larger than the
 * bound is taken when the queue is empty, so one batch can never be refused forever.
 */
export class LogAppendQueue {
  readonly #maxBytes: number;
  readonly #batches: QueuedBatch[] = [];
  #head = 0;
  #entries = 0;
  #bytes = 0;
  #refusedBatches = 0;
  #refusedLines = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Queues a batch unless it would pass the bound. */
  push(stream: LogStreamMeta, entries: readonly LogEntry[], now: number): LogAppendOutcome {
    let bytes = 0;
    for (const entry of entries) bytes += entryTextBytes(entry);
    if (this.#bytes > 0 && this.#bytes + bytes > this.#maxBytes) {
      this.#refusedBatches += 1;
      for (const entry of entries) if (entry.kind === 'line') this.#refusedLines += 1;
      return 'full';
    }
    this.#batches.push({ stream, entries, bytes, at: now });
    this.#entries += entries.length;
    this.#bytes += bytes;
    return 'queued';
  }

  /** Whether anything waits. */
  get size(): number {
    return this.#batches.length - this.#head;
  }

  /** Takes batches from the front, at least one, until `maxEntries` or `maxBytes` would be passed. */
  take(maxEntries: number, maxBytes: number): QueuedBatch[] {
    const taken: QueuedBatch[] = [];
    let entries = 0;
    let bytes = 0;
    while (this.#head < this.#batches.length) {
      const next = this.#batches[this.#head] as QueuedBatch;
      if (taken.length > 0 && (entries + next.entries.length > maxEntries || bytes + next.bytes > maxBytes))
        break;
      taken.push(next);
      entries += next.entries.length;
      bytes += next.bytes;
      this.#head += 1;
    }
    this.#entries -= entries;
    this.#bytes -= bytes;
    // Compacts now and then instead of shifting per batch.
    if (this.#head > 1024 && this.#head * 2 > this.#batches.length) {
      this.#batches.splice(0, this.#head);
      this.#head = 0;
    }
    return taken;
  }

  /** Returns batches `take` gave out and could not be written to the queue's front, in order. */
  putBack(batches: readonly QueuedBatch[]): void {
    this.#batches.splice(this.#head, 0, ...batches);
    for (const batch of batches) {
      this.#entries += batch.entries.length;
      this.#bytes += batch.bytes;
    }
  }

  /** How far behind the writer is. */
  lag(now: number): LogStoreLag {
    const oldest = this.#batches[this.#head];
    return {
      entries: this.#entries,
      bytes: this.#bytes,
      oldestAgeMs: oldest === undefined ? 0 : Math.max(0, now - oldest.at),
      maxBytes: this.#maxBytes,
      refusedBatches: this.#refusedBatches,
      refusedLines: this.#refusedLines,
    };
  }
}
