/** Timers a test runs by hand: nothing fires until `runAll`, and every delay asked for is kept. */
export class ManualTimers {
  readonly #due = new Map<number, { callback: () => void; ms: number }>();
  #next = 0;
  /** Every delay asked for, in order, including cleared ones. */
  readonly delays: number[] = [];

  setTimer = (callback: () => void, ms: number): unknown => {
    const handle = ++this.#next;
    this.#due.set(handle, { callback, ms });
    this.delays.push(ms);
    return handle;
  };

  clearTimer = (handle: unknown): void => {
    this.#due.delete(handle as number);
  };

  /** Timers set and neither run nor cleared. */
  get pending(): number {
    return this.#due.size;
  }

  /** Runs the timers due now; those they set wait for the next call. */
  runAll(): void {
    const due = [...this.#due.values()];
    this.#due.clear();
    for (const timer of due) timer.callback();
  }
}
