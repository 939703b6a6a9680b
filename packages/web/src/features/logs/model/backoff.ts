export type BackoffOptions = { initialMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000 };

/**
 * Reconnect delays with "full jitter": a uniform pick in [0, min(max, initial * 2^attempt)).
 * A manager restart drops every browser at once; spreading the whole range rather than its upper
 * half keeps them from coming back in waves.
 */
export class Backoff {
  readonly #options: BackoffOptions;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random) {
    this.#options = options;
    this.#random = random;
  }

  /** The ceiling the next delay is picked under. */
  get ceiling(): number {
    return Math.min(this.#options.maxMs, this.#options.initialMs * 2 ** this.#attempt);
  }

  next(): number {
    const ceiling = this.ceiling;
    // Past 2^30 the ceiling is the maximum anyway; the cap keeps 2 ** attempt finite.
    this.#attempt = Math.min(this.#attempt + 1, 30);
    return Math.floor(Math.min(Math.max(this.#random(), 0), 1) * ceiling);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
