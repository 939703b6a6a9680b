/**
 * How a delay is picked under the current ceiling (see "Exponential Backoff And Jitter"):
 * - `full`: uniform in [0, ceiling) — the widest spread, for many peers cut off at once that
 *   may come back at any moment (browsers after a manager restart);
 * - `equal`: uniform in [ceiling / 2, ceiling] — never close to zero, for peers that must not
 *   hammer a server that is still down (agents, CLIs).
 */
export type Jitter = 'full' | 'equal';

/** Capped exponential backoff: the ceiling is `min(maxMs, initialMs × factor^attempt)`. */
export type BackoffOptions = {
  initialMs: number;
  maxMs: number;
  /** Growth per attempt; 2 when left out. */
  factor?: number;
  jitter: Jitter;
  /** A source of uniform numbers in [0, 1); tests pass their own. */
  random?: () => number;
};

// Past this many attempts the ceiling is the maximum anyway; the cap keeps factor^attempt finite.
const MAX_ATTEMPT = 64;

/**
 * Delays between reconnect attempts, one instance per thing that reconnects. `next()` grows the
 * ceiling until `maxMs`; `reset()` after a success starts again from `initialMs`.
 */
export class Backoff {
  readonly #options: BackoffOptions;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
  }

  /** Attempts counted since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The ceiling the next delay is picked under. */
  get ceiling(): number {
    const { initialMs, maxMs, factor = 2 } = this.#options;
    return Math.min(maxMs, initialMs * factor ** this.#attempt);
  }

  /** The delay before the next attempt, in whole milliseconds. */
  next(): number {
    const ceiling = this.ceiling;
    this.#attempt = Math.min(this.#attempt + 1, MAX_ATTEMPT);
    // A random source outside [0, 1) must not produce a negative or over-long delay.
    const r = Math.min(Math.max(this.#random(), 0), 1);
    if (this.#options.jitter === 'full') return Math.floor(r * ceiling);
    return Math.round(ceiling / 2 + r * (ceiling / 2));
  }

  /** Starts again from `initialMs`, after a success. */
  reset(): void {
    this.#attempt = 0;
  }
}
