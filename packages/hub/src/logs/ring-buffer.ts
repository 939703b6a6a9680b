import type { MemoryMeter } from '../memory/memory-budget.ts';

/** A ring buffer's two bounds and how it measures an item. */
export interface RingBufferOptions<T> {
  /** At most this many items. */
  maxItems: number;
  /** At most this many bytes, as measured by `sizeOf`. */
  maxBytes: number;
  sizeOf(item: T): number;
  /** Hears every change in what the buffer holds (bytes as `sizeOf` measures them, and items). */
  meter?: MemoryMeter;
}

// Array compaction happens once the dead prefix is at least this long and half the array, so
// shifting stays amortised O(1) without a fixed-capacity allocation per buffer (a subscriber
// queue that never fills must not cost its full bound in memory).
const COMPACT_AFTER = 1024;

/**
 * A FIFO bounded by item count and by bytes. Overflow policy: pushing evicts the oldest items
 * until both bounds hold again, handing each to `onEvict`; the newest item always stays, even
 * when it alone exceeds `maxBytes`, so one huge entry cannot make the buffer refuse everything.
 */
export class RingBuffer<T> {
  readonly maxItems: number;
  readonly maxBytes: number;
  readonly #sizeOf: (item: T) => number;
  readonly #meter: MemoryMeter | undefined;
  #items: (T | undefined)[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;

  constructor(options: RingBufferOptions<T>) {
    if (!(options.maxItems >= 1) || !(options.maxBytes >= 0)) {
      throw new RangeError('a ring buffer needs maxItems >= 1 and maxBytes >= 0');
    }
    this.maxItems = options.maxItems;
    this.maxBytes = options.maxBytes;
    this.#sizeOf = options.sizeOf;
    this.#meter = options.meter;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Adds `item` at the newest end, evicting as the bounds say; returns the item's size. */
  push(item: T, onEvict?: (evicted: T) => void): number {
    const size = this.#sizeOf(item);
    this.#items.push(item);
    this.#sizes.push(size);
    this.#bytes += size;
    this.#meter?.change(size, 1);
    while (this.length > this.maxItems || (this.#bytes > this.maxBytes && this.length > 1)) {
      const evicted = this.shift() as T;
      onEvict?.(evicted);
    }
    return size;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head] as T;
    const size = this.#sizes[this.#head] ?? 0;
    this.#bytes -= size;
    this.#meter?.change(-size, -1);
    this.#items[this.#head] = undefined;
    this.#head += 1;
    this.#compact();
    return item;
  }

  /** The item `index` places from the oldest (0), or undefined. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.#items[this.#head + index];
  }

  /** The size of the item `index` places from the oldest, or 0. */
  sizeAt(index: number): number {
    if (index < 0 || index >= this.length) return 0;
    return this.#sizes[this.#head + index] ?? 0;
  }

  /** Items from `from` places after the oldest to the newest, oldest first. */
  toArray(from = 0): T[] {
    return this.#items.slice(this.#head + Math.max(0, from)) as T[];
  }

  clear(): void {
    this.#meter?.change(-this.#bytes, -this.length);
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.clear();
      return;
    }
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
  }
}
