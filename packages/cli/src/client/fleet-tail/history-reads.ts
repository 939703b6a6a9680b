import type { OutputSink } from '../output-sink.ts';
import type { ReadGate } from './read-gate.ts';

/**
 * What both ways of printing the fleet tail's history share around their reads: one signal that
 * stops every read when the printing ends early (a read paused at its gate would otherwise wait
 * for a printer that is gone, and the command would never settle), the first failure, and the
 * wake-up of the printing loop when a read brings entries or ends.
 */
export class HistoryReads {
  /** Aborted by the caller's signal or by `end`: what every read runs under. */
  readonly signal: AbortSignal;
  readonly #cancel = new AbortController();
  readonly #sink: OutputSink;
  readonly #failures: unknown[] = [];
  readonly #running: Promise<void>[] = [];
  #gates: readonly ReadGate[] = [];
  #changed: () => void = () => {};

  constructor(signal: AbortSignal, sink: OutputSink) {
    this.signal = AbortSignal.any([signal, this.#cancel.signal]);
    this.#sink = sink;
    this.signal.addEventListener('abort', this.wakeAll, { once: true });
  }

  /** The gates of the reads, woken together by `wakeAll`. */
  watch(gates: readonly ReadGate[]): void {
    this.#gates = gates;
  }

  /** True once the output closed or the reads were stopped. */
  readonly stopped = (): boolean => this.signal.aborted || this.#sink.broken;

  /** Wakes the printing loop (a read flushed entries or ended). */
  readonly poke = (): void => this.#changed();

  /** Wakes every read's gate and the printing loop. */
  readonly wakeAll = (): void => {
    for (const gate of this.#gates) gate.wake();
    this.poke();
  };

  /** Keeps a failed read's error; the printing loop throws the first one (`throwIfFailed`). */
  readonly fail = (error: unknown): void => {
    this.#failures.push(error);
  };

  /** True once a read failed. */
  get failed(): boolean {
    return this.#failures.length > 0;
  }

  /** Throws the first read's failure, if any. */
  throwIfFailed(): void {
    if (this.#failures.length > 0) throw this.#failures[0];
  }

  /** Tracks a running read, so `end` waits for it. */
  track(read: Promise<void>): void {
    this.#running.push(read);
  }

  /** How many reads were started. */
  get started(): number {
    return this.#running.length;
  }

  /** Resolves at the next `poke`. */
  changed(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#changed = resolve;
    });
  }

  /** Stops every read still running and waits for them all to settle. */
  async end(): Promise<void> {
    this.#cancel.abort();
    this.signal.removeEventListener('abort', this.wakeAll);
    this.wakeAll();
    await Promise.allSettled(this.#running);
  }
}
