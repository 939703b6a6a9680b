import type { Clock, TimerHandle } from '../ports/clock.ts';

/** Something with queued sends to retry: a viewer subscription. */
export interface Drainable {
  drain(): void;
  readonly hasBacklog: boolean;
}

/**
 * Retries queued sends on a clock tick. The Connection port has no drain event (a hibernatable
 * socket cannot offer one), so while any subscription has a backlog a tick runs every
 * `intervalMs`; with none, no timer runs at all. The set holds at most one reference per live
 * subscription.
 */
export class DrainTicker {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #waiting = new Set<Drainable>();
  #timer: TimerHandle | undefined;

  constructor(clock: Clock, intervalMs: number) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  get size(): number {
    return this.#waiting.size;
  }

  add(item: Drainable): void {
    if (!item.hasBacklog) return;
    this.#waiting.add(item);
    this.#schedule();
  }

  delete(item: Drainable): void {
    this.#waiting.delete(item);
  }

  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting.clear();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiting.size === 0) return;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), this.#intervalMs);
  }

  #tick(): void {
    this.#timer = undefined;
    for (const item of this.#waiting) {
      item.drain();
      if (!item.hasBacklog) this.#waiting.delete(item);
    }
    this.#schedule();
  }
}
