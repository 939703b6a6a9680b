import type { StoreHealth, StoreHealthState } from '@bosun/api';
import { formatDuration } from '@bosun/protocol';
import { StoreFailures } from '@bosun/store-sql';
import type { Logger } from '../logger.ts';
import type { StoreFailure } from './store-failure.ts';

/** How a `StoreHealthTracker` probes a failing store. */
export type StoreProbe = {
  /** One cheap write; throws while the store still fails. */
  write(): void;
  /** How often to try it while failing. */
  everyMs: number;
};

/**
 * The store's health as the manager sees it. The first failure logs "store failing" once and
 * starts a probe (a cheap write every `everyMs`); the first probe that succeeds logs "store
 * recovered" once and stops it. Only the probe ends a failure: reads may still work on a full
 * disk, so a successful read says nothing about the writes that failed.
 */
export class StoreHealthTracker implements StoreHealth {
  readonly #logger: Logger;
  readonly #probe: StoreProbe;
  readonly #now: () => number;
  readonly #failures: StoreFailures;
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: Logger, probe: StoreProbe, now: () => number = Date.now) {
    this.#logger = logger;
    this.#probe = probe;
    this.#now = now;
    this.#failures = new StoreFailures(now);
  }

  state(): StoreHealthState {
    return this.#failures.state();
  }

  /** A store operation failed (after its retries): counted, and the store is failing from now on. */
  failed(failure: StoreFailure): void {
    if (!this.#failures.failed(failure.message)) return;
    this.#logger.warn(
      { err: failure.cause ?? failure, reason: failure.reason },
      `store failing: ${failure.message}`,
    );
    this.#timer = setInterval(() => this.#tryProbe(), this.#probe.everyMs);
    // The probe must not keep a stopping manager alive.
    this.#timer.unref();
  }

  /** Stops probing (the store is closing). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tryProbe(): void {
    try {
      this.#probe.write();
    } catch (error) {
      // Still failing: the next tick tries again; the first failure was logged, repeats are not.
      this.#failures.stillFailing(error instanceof Error ? error.message : String(error));
      return;
    }
    this.stop();
    const since = this.#failures.recovered() ?? this.#now();
    this.#logger.info(
      { failedForMs: this.#now() - since },
      `store recovered after ${formatDuration(this.#now() - since)}`,
    );
  }
}
