/**
 * A store's health as `/healthz` reports it, the shape of the API's `StoreHealthState`: since when
 * and why it fails (absent while ok), and the calls that failed since the manager started.
 */
export type StoreFailureState = { ok: boolean; failingSince?: number; error?: string; errorsTotal: number };

/**
 * What both SQL stores' health keeps of their failures: since when the store fails, the last
 * message, and how many calls failed in all. What ends a failure differs (a probe write on Node,
 * the next call that succeeds on D1), so each store's health decides when to call `recovered`.
 */
export class StoreFailures {
  readonly #now: () => number;
  #failingSince: number | undefined;
  #error: string | undefined;
  #errorsTotal = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A snapshot: ok, or since when and why the store fails; and the failures counted. */
  state(): StoreFailureState {
    if (this.#failingSince === undefined) return { ok: true, errorsTotal: this.#errorsTotal };
    return {
      ok: false,
      failingSince: this.#failingSince,
      error: this.#error ?? 'store failing',
      errorsTotal: this.#errorsTotal,
    };
  }

  /** A call failed: counted, its message kept; answers true when this failure starts one. */
  failed(message: string): boolean {
    this.#errorsTotal += 1;
    this.#error = message;
    if (this.#failingSince !== undefined) return false;
    this.#failingSince = this.#now();
    return true;
  }

  /** An attempt to recover failed: its message is the one reported, and nothing is counted. */
  stillFailing(message: string): void {
    this.#error = message;
  }

  /** The store works again: answers since when it had failed, or undefined if it had not. */
  recovered(): number | undefined {
    const since = this.#failingSince;
    this.#failingSince = undefined;
    this.#error = undefined;
    return since;
  }
}
