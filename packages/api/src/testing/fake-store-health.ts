import type { StoreHealth, StoreHealthState } from '../ports/store-health.ts';

/** A `StoreHealth` a test sets by hand: ok until `fail`, ok again after `recover`. */
export class FakeStoreHealth implements StoreHealth {
  #state: StoreHealthState = { ok: true, errorsTotal: 0 };

  state(): StoreHealthState {
    return { ...this.#state };
  }

  /** The store fails from `since` (Unix ms) with `error`. */
  fail(error: string, since: number): void {
    this.#state = { ok: false, error, failingSince: since, errorsTotal: this.#state.errorsTotal + 1 };
  }

  recover(): void {
    this.#state = { ok: true, errorsTotal: this.#state.errorsTotal };
  }
}
