import { ProtocolError } from '@bosun/protocol';

/** A FairGate's bounds. */
export type FairGateOptions = {
  /** Tasks running at once, over every source. */
  maxRunning: number;
  /** Tasks one source may have running or waiting at once. */
  perSource: number;
  /** Tasks waiting at once, over every source. */
  maxWaiting: number;
};

/**
 * Lets `maxRunning` tasks run at once and hands free slots to the sources waiting in turn, one
 * task per source per round: the login's password checks, so that many requests from a few
 * clients cannot keep everyone else waiting behind them. A newcomer waits at most one task of
 * each other waiting source.
 *
 * Overflow policy: a source with `perSource` tasks admitted has the next refused at once with
 * `rate_limited`, and so has anyone once `maxWaiting` tasks wait; refusing is cheaper for the
 * client than a wait that outlives it. Sources are forgotten as soon as they have nothing
 * admitted, so the gate holds at most `maxRunning + maxWaiting` of them.
 */
export class FairGate {
  readonly #options: FairGateOptions;
  // Map order is the round: a source served moves to the back.
  readonly #queues = new Map<string, Array<() => void>>();
  readonly #admitted = new Map<string, number>();
  #running = 0;
  #waiting = 0;

  constructor(options: FairGateOptions) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
    }
    this.#options = options;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * Runs `task` for `source` once a slot is its turn, and passes on its result or error; throws
   * `rate_limited` at once when the source or the gate is full.
   */
  async run<T>(source: string, task: () => Promise<T>): Promise<T> {
    const admitted = this.#admitted.get(source) ?? 0;
    if (admitted >= this.#options.perSource) {
      throw new ProtocolError(
        'rate_limited',
        'too many password checks from your address at once; try again shortly',
      );
    }
    if (this.#running < this.#options.maxRunning) {
      this.#running += 1;
    } else {
      if (this.#waiting >= this.#options.maxWaiting) {
        throw new ProtocolError('rate_limited', 'too many password checks at once; try again shortly');
      }
      this.#waiting += 1;
      this.#admitted.set(source, admitted + 1);
      // The slot is handed over by a finishing task, so #running never dips and nobody overtakes.
      await new Promise<void>((resolve) => {
        const queue = this.#queues.get(source);
        if (queue) queue.push(resolve);
        else this.#queues.set(source, [resolve]);
      });
      return this.#runAdmitted(source, task);
    }
    this.#admitted.set(source, admitted + 1);
    return this.#runAdmitted(source, task);
  }

  async #runAdmitted<T>(source: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      const left = (this.#admitted.get(source) ?? 1) - 1;
      if (left > 0) this.#admitted.set(source, left);
      else this.#admitted.delete(source);
      this.#handOver();
    }
  }

  #handOver(): void {
    const first = this.#queues.entries().next();
    if (first.done) {
      this.#running -= 1;
      return;
    }
    const [source, queue] = first.value;
    const next = queue.shift();
    this.#queues.delete(source);
    if (queue.length > 0) this.#queues.set(source, queue);
    this.#waiting -= 1;
    next?.();
  }
}
