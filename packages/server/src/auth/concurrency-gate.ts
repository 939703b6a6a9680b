import { ProtocolError } from '@bosun/protocol';

/**
 * Lets at most `maxRunning` tasks run at once and `maxWaiting` wait, in arrival
 * order. Meant for password hashing: each scrypt holds 64 MiB and a libuv pool
 * thread for a sixth of a second, so a burst of logins must neither exhaust memory
 * nor take every pool thread from file and DNS work. Overflow policy: once
 * `maxWaiting` tasks wait, a new one is refused at once with `rate_limited`,
 * which is cheaper for everyone than a queue whose wait outlives the client.
 */
export class ConcurrencyGate {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(maxRunning: number, maxWaiting: number) {
    if (!Number.isInteger(maxRunning) || maxRunning < 1) throw new RangeError('maxRunning must be >= 1');
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError('maxWaiting must be >= 0');
    this.#maxRunning = maxRunning;
    this.#maxWaiting = maxWaiting;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxRunning) {
      if (this.#waiting.length >= this.#maxWaiting) {
        throw new ProtocolError('rate_limited', 'too many password checks at once; try again shortly');
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
