import { Writable } from 'node:stream';
import { OutputSink } from '../output-sink.ts';

/** When a gate's read must pause (`full`) and when it may go on (`ready`). */
export type GateOptions = {
  full: () => boolean;
  ready: () => boolean;
  stopped: () => boolean;
  onFlush: () => void;
};

/**
 * The flow control of one stored read in a merge. `readStoredLogs` pauses whenever its sink says
 * it is full; this sink is "full" while the merge holds too much (`full`, for example a queue at
 * its high mark), and drains once the merge took enough (`ready`). So what the merge holds stays
 * bounded, plus one chunk of input per read, and the real output's backpressure reaches every
 * read through the merge.
 */
export class ReadGate extends OutputSink {
  readonly #options: GateOptions;
  #waiters: Array<() => void> = [];

  constructor(options: GateOptions) {
    // Nothing is ever written through the gate: the read hands its entries to the merge directly.
    super(new Writable(), new Writable());
    this.#options = options;
  }

  override get broken(): boolean {
    return this.#options.stopped();
  }

  // The read calls this after each chunk: the entries it just handed over may let the merge go on.
  override flush(): boolean {
    this.#options.onFlush();
    return !this.#options.full();
  }

  override async drained(): Promise<void> {
    while (!this.#options.ready() && !this.#options.stopped()) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The merge took entries (or stopped): a paused read looks again. */
  wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
