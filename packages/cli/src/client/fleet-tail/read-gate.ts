import { Writable } from 'node:stream';
import { OutputSink } from '../output-sink.ts';

/**
 * The flow control of one stored read in a merge. `readStoredLogs` pauses whenever its sink says
 * it is full; this sink is "full" while the merge still holds `high` entries of the read, and
 * drains once the merge took it below `low`. So each read's queue stays under about `high` plus
 * one chunk of input, and the real output's backpressure reaches every read through the merge.
 */
export class ReadGate extends OutputSink {
  readonly #held: () => number;
  readonly #high: number;
  readonly #low: number;
  readonly #stopped: () => boolean;
  readonly #onFlush: () => void;
  #waiters: Array<() => void> = [];

  constructor(options: {
    held: () => number;
    high: number;
    low: number;
    stopped: () => boolean;
    onFlush: () => void;
  }) {
    // Nothing is ever written through the gate: the read hands its entries to the merge directly.
    super(new Writable(), new Writable());
    this.#held = options.held;
    this.#high = options.high;
    this.#low = options.low;
    this.#stopped = options.stopped;
    this.#onFlush = options.onFlush;
  }

  override get broken(): boolean {
    return this.#stopped();
  }

  // The read calls this after each chunk: the entries it just handed over may let the merge go on.
  override flush(): boolean {
    this.#onFlush();
    return this.#held() < this.#high;
  }

  override async drained(): Promise<void> {
    while (this.#held() >= this.#low && !this.#stopped()) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The merge took entries (or stopped): a paused read looks again. */
  wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
