import { MinHeap } from './min-heap.ts';

/**
 * How long a line may wait for older-stamped lines from other containers, and how much may wait.
 * Hosts' clocks differ and lines reach the manager late, so a timestamp sort of what arrived is
 * only possible over a short window.
 */
export type ReorderLimits = { windowMs: number; maxLines: number; maxBytes: number };

/**
 * The fleet tail's limits: half a second covers a batch's trip from agent to CLI, and 10,000
 * lines or 8 MiB is far more than half a second of a busy fleet while bounding the memory a
 * flood can take.
 */
export const FLEET_REORDER_LIMITS: ReorderLimits = { windowMs: 500, maxLines: 10_000, maxBytes: 8 << 20 };

type Held<T> = { item: T; key: bigint; order: number; due: number; bytes: number; out: boolean };

/**
 * Live lines of many containers merged by Docker timestamp within a reorder window. Each line
 * waits at most `windowMs` after it arrives; when a line's time is up it goes out together with
 * every waiting line stamped no later, in stamp order (equal stamps in arrival order). So a line
 * never goes out before an older-stamped line that has already arrived, and a line that comes
 * after a newer one was printed keeps its arrival order. Past `maxLines` or `maxBytes` waiting,
 * the oldest arrival goes out at once the same way: order degrades under a flood, nothing is lost
 * or cut.
 */
export class ReorderWindow<T> {
  readonly #limits: ReorderLimits;
  readonly #emit: (item: T) => void;
  readonly #byStamp = new MinHeap<Held<T>>((a, b) => a.key < b.key || (a.key === b.key && a.order < b.order));
  // Arrival order; entries already sent out are skipped lazily.
  #byArrival: Held<T>[] = [];
  #head = 0;
  #arrivals = 0;
  #bytes = 0;

  constructor(limits: ReorderLimits, emit: (item: T) => void) {
    this.#limits = limits;
    this.#emit = emit;
  }

  /** How many lines wait. */
  get size(): number {
    return this.#byStamp.size;
  }

  /** How many bytes of text wait. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Takes a line stamped `key` (Unix nanoseconds) that arrived at `now` (ms). */
  push(item: T, key: bigint, bytes: number, now: number): void {
    const held: Held<T> = {
      item,
      key,
      order: this.#arrivals++,
      due: now + this.#limits.windowMs,
      bytes,
      out: false,
    };
    this.#byStamp.push(held);
    this.#byArrival.push(held);
    this.#bytes += bytes;
    while (this.#byStamp.size > this.#limits.maxLines || this.#bytes > this.#limits.maxBytes) {
      const oldest = this.#oldest();
      if (oldest === undefined) break;
      this.#releaseThrough(oldest);
    }
  }

  /** Sends out every line whose time is up at `now`, with the older-stamped lines waiting. */
  release(now: number): void {
    for (let oldest = this.#oldest(); oldest !== undefined && oldest.due <= now; oldest = this.#oldest()) {
      this.#releaseThrough(oldest);
    }
  }

  /** When the next line's time is up, or undefined while nothing waits. */
  nextDue(): number | undefined {
    return this.#oldest()?.due;
  }

  /** Sends out everything, in stamp order (the end of the tail). */
  drain(): void {
    for (let held = this.#byStamp.pop(); held !== undefined; held = this.#byStamp.pop()) this.#out(held);
    this.#byArrival = [];
    this.#head = 0;
  }

  #oldest(): Held<T> | undefined {
    const queue = this.#byArrival;
    while (this.#head < queue.length && (queue[this.#head] as Held<T>).out) this.#head++;
    // Compacts now and then so the queue's memory follows what waits, not all that ever came.
    if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#byArrival = queue.slice(this.#head);
      this.#head = 0;
    }
    return this.#byArrival[this.#head];
  }

  #releaseThrough(last: Held<T>): void {
    while (!last.out) {
      const held = this.#byStamp.pop();
      if (held === undefined) return;
      this.#out(held);
    }
  }

  #out(held: Held<T>): void {
    held.out = true;
    this.#bytes -= held.bytes;
    this.#emit(held.item);
  }
}
