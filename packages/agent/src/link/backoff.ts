/**
 * Reconnect delays: exponential growth with "full jitter" (a uniform pick in
 * [base, cap_n]) so that many agents cut off by one manager restart do not
 * all come back in the same millisecond.
 */
export type BackoffOptions = {
  initialMs: number;
  maxMs: number;
  factor: number;
  random?: () => number;
};

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, factor: 2 };

export class Backoff {
  #attempt = 0;
  readonly #options: BackoffOptions;

  constructor(options: BackoffOptions = DEFAULT_BACKOFF) {
    this.#options = options;
  }

  /** Delay before the next attempt; grows until `maxMs`. */
  next(): number {
    const { initialMs, maxMs, factor, random = Math.random } = this.#options;
    const ceiling = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 64);
    // Never below half the ceiling: a jitter of 0 ms would hammer the manager.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  get attempt(): number {
    return this.#attempt;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
