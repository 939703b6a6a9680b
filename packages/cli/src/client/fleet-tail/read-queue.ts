import { dockerTimestampToUnixNanos, type LogEntry } from '@bosun/protocol';
import type { StoredRead } from './stored-read.ts';
import type { TailSource } from './tail-source.ts';

type Queued = { entry: LogEntry; key: bigint };

// What a marker counts for in a byte budget: about the size of its JSON.
const MARKER_BYTES = 64;

/**
 * The entries of one container's stored read that the merge holds, each with its sort key.
 * `bytes` counts the text held, for a budget over several queues.
 */
export class ReadQueue {
  readonly read: StoredRead;
  done = false;
  bytes = 0;
  #queue: Queued[] = [];
  #head = 0;
  #lastKey = 0n;

  constructor(read: StoredRead) {
    this.read = read;
  }

  /** Entries held. */
  get held(): number {
    return this.#queue.length - this.#head;
  }

  /** The sort key of the oldest entry held; only when `held` is above 0. */
  get headKey(): bigint {
    return (this.#queue[this.#head] as Queued).key;
  }

  /** Holds an entry. */
  push(entry: LogEntry): void {
    // A marker sorts with the line before it, so it stays where it was in its container's log.
    if (entry.kind === 'line') this.#lastKey = dockerTimestampToUnixNanos(entry.ts);
    this.#queue.push({ entry, key: this.#lastKey });
    this.bytes += entryBytes(entry);
  }

  /** Takes the oldest entry held; only when `held` is above 0. */
  take(): LogEntry {
    const { entry } = this.#queue[this.#head++] as Queued;
    this.bytes -= entryBytes(entry);
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }
}

/** What an entry counts for in a byte budget. */
export function entryBytes(entry: LogEntry): number {
  return entry.kind === 'line' ? entry.text.length : MARKER_BYTES;
}

/**
 * Writes up to `max` entries while every unfinished queue has one to compare: the oldest stamp
 * goes first, ties to the container listed first. `taken` hears the index of each queue taken
 * from. Returns how many were written.
 */
export function writeOldest(
  queues: readonly ReadQueue[],
  write: (source: TailSource, entry: LogEntry) => void,
  max: number,
  taken: (index: number) => void = () => {},
): number {
  let written = 0;
  while (written < max) {
    let next = -1;
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[i] as ReadQueue;
      if (queue.held === 0) {
        if (queue.done) continue;
        return written;
      }
      if (next < 0 || queue.headKey < (queues[next] as ReadQueue).headKey) next = i;
    }
    if (next < 0) return written;
    const queue = queues[next] as ReadQueue;
    write(queue.read.source, queue.take());
    written++;
    taken(next);
  }
  return written;
}
