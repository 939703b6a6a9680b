import { ProtocolError } from './errors.ts';

/**
 * Lets at most `maxRunning` tasks run at once and `maxWaiting` wait, in arrival order: the
 * manager's password hashing (each scrypt holds 64 MiB and a libuv pool thread) and the agent's
 * container inspections (a host with thousands of containers must not flood its daemon).
 * Overflow policy: once `maxWaiting` tasks wait, a new one is refused at once with
 * `rate_limited` and `refusal` as its message, which is cheaper for everyone than a queue whose
 * wait outlives the client. A caller whose waiting work is bounded elsewhere may pass Infinity.
 */
export class ConcurrencyGate {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  readonly #refusal: string;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(maxRunning: number, maxWaiting: number, refusal = 'too many tasks at once; try again shortly') {
    if (!Number.isInteger(maxRunning) || maxRunning < 1) throw new RangeError('maxRunning must be >= 1');
    if (!(maxWaiting === Number.POSITIVE_INFINITY || (Number.isInteger(maxWaiting) && maxWaiting >= 0)))
      throw new RangeError('maxWaiting must be >= 0');
    this.#maxRunning = maxRunning;
    this.#maxWaiting = maxWaiting;
    this.#refusal = refusal;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `task` once a slot is free, in arrival order, and passes on its result or error; throws
   * `rate_limited` at once when `maxWaiting` tasks already wait.
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxRunning) {
      if (this.#waiting.length >= this.#maxWaiting) {
        throw new ProtocolError('rate_limited', this.#refusal);
      }
      // The slot is handed over by the finishing task, so #running never dips
      // and a newcomer cannot overtake those already waiting.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
