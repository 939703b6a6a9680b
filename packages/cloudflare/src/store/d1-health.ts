import type { StoreHealth, StoreHealthState } from '@bosun/api';
import type { ProtocolError } from '@bosun/protocol';

/**
 * The D1 store's health, which `/healthz` reports. A failure (`store_unavailable`) makes it
 * failing until the next call that succeeds. It has no probe timer of its own, unlike the SQLite
 * store's: a pending timer would keep the Durable Object that hosts the manager from hibernating,
 * and every request that wakes it tries the database anyway.
 */
export class D1StoreHealth implements StoreHealth {
  readonly #now: () => number;
  #failingSince: number | undefined;
  #error: string | undefined;
  #errorsTotal = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  state(): StoreHealthState {
    if (this.#failingSince === undefined) return { ok: true, errorsTotal: this.#errorsTotal };
    return {
      ok: false,
      failingSince: this.#failingSince,
      error: this.#error ?? 'store failing',
      errorsTotal: this.#errorsTotal,
    };
  }

  /** A call failed with `store_unavailable`: counted, and the store is failing from now on. */
  failed(failure: ProtocolError): void {
    this.#errorsTotal += 1;
    this.#error = failure.message;
    this.#failingSince ??= this.#now();
  }

  /** A call succeeded: D1 answers again. */
  succeeded(): void {
    this.#failingSince = undefined;
    this.#error = undefined;
  }
}
