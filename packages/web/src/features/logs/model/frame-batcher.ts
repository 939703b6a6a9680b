/** Runs a callback once, at the next frame (requestAnimationFrame's shape); a test passes its own. */
export type Schedule = (callback: () => void) => unknown;

/** Items that may wait for a frame before the batcher flushes at once; see FrameBatcher. */
export const DEFAULT_MAX_PENDING = 200_000;

/**
 * The next animation frame. requestAnimationFrame ties rendering to the display; where there is
 * none (Node, a worker), a 16 ms timer stands in for a frame.
 */
export function defaultSchedule(callback: () => void): unknown {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  if (typeof raf === 'function') return raf(callback);
  return setTimeout(callback, 16);
}

/**
 * Gathers items that arrive between frames (log entries from many socket frames) and hands them
 * over once per frame, so React renders at most once per frame however fast lines come.
 *
 * Bound: at most `maxPending` items wait. A background tab gets no animation frames, so items
 * would pile up until the tab is shown again; past the bound the batcher flushes synchronously
 * instead, handing the pile to `flush` (whose own buffer evicts by its policy) rather than
 * growing without limit.
 */
export class FrameBatcher<T> {
  readonly #flush: (items: T[]) => void;
  readonly #schedule: Schedule;
  readonly #maxPending: number;
  #pending: T[] = [];
  #scheduled = false;
  #disposed = false;

  constructor(
    flush: (items: T[]) => void,
    schedule: Schedule = defaultSchedule,
    maxPending = DEFAULT_MAX_PENDING,
  ) {
    this.#flush = flush;
    this.#schedule = schedule;
    this.#maxPending = maxPending;
  }

  /** Items waiting for the next frame. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Adds items for the next frame (or flushes at once past the bound). */
  push(...items: T[]): void {
    this.pushAll(items);
  }

  /** Like push, without spreading: a 1,000-entry batch as arguments is slow and can overflow. */
  pushAll(items: readonly T[]): void {
    if (this.#disposed || items.length === 0) return;
    for (const item of items) this.#pending.push(item);
    if (this.#pending.length > this.#maxPending) {
      this.flushNow();
      return;
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#schedule(() => this.#onFrame());
    }
  }

  /** Adds items and hands everything over at once (tests, a final batch before teardown). */
  pushNow(...items: T[]): void {
    if (this.#disposed) return;
    for (const item of items) this.#pending.push(item);
    this.flushNow();
  }

  /** Hands over what waits now, without waiting for the frame. */
  flushNow(): void {
    if (this.#pending.length === 0) return;
    const items = this.#pending;
    this.#pending = [];
    this.#flush(items);
  }

  /** Drops what waits and ignores the frame already asked for; later pushes are ignored. */
  dispose(): void {
    this.#disposed = true;
    this.#pending = [];
  }

  #onFrame(): void {
    this.#scheduled = false;
    if (this.#disposed) return;
    this.flushNow();
  }
}
