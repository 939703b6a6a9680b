import type { StoreHealth, StoreHealthState } from '@bosun/api';
import type { ProtocolError } from '@bosun/protocol';
import { StoreFailures } from '@bosun/store-sql';

/**
 * The D1 store's health, which `/healthz` reports. A failure (`store_unavailable`) makes it
 * failing until the next call that succeeds. It has no probe timer of its own, unlike the SQLite
 * store's: a pending timer would keep the Durable Object that hosts the manager from hibernating,
 * and every request that wakes it tries the database anyway.
 */
export class D1StoreHealth implements StoreHealth {
  readonly #failures: StoreFailures;

  constructor(now: () => number = Date.now) {
    this.#failures = new StoreFailures(now);
  }

  state(): StoreHealthState {
    return this.#failures.state();
  }

  /** A call failed with `store_unavailable`: counted, and the store is failing from now on. */
  failed(failure: ProtocolError): void {
    this.#failures.failed(failure.message);
  }

  /** A call succeeded: D1 answers again. */
  succeeded(): void {
    this.#failures.recovered();
  }
}
