import { StoreFailure } from './store-failure.ts';

/**
 * Retries calls that met a busy database (a lock another process holds: a backup, the sqlite3
 * shell) without blocking the event loop. Each attempt blocks the loop for at most the busy
 * timeout; the waits between attempts are timers. While the database is busy, calls make their
 * attempts one at a time, each after the current wait, so a hundred requests arriving during a
 * lock cost one blocked busy timeout per wait rather than a hundred. A call gives up (its
 * `StoreFailure`, a 503) once `budgetMs` has passed since it began.
 */
export class BusyRetry {
  readonly #delaysMs: readonly number[];
  readonly #budgetMs: number;
  #busy = false;
  #level = 0;
  #wait: Promise<void> | undefined;
  #turn: Promise<void> = Promise.resolve();

  /**
   * @param delaysMs the waits between attempts while busy, growing; the last one repeats
   * @param budgetMs how long one call may keep trying
   */
  constructor(delaysMs: readonly number[], budgetMs: number) {
    this.#delaysMs = delaysMs;
    this.#budgetMs = budgetMs;
  }

  /** Runs `call`, retried while busy; `action` names it in the failure of a call that never got to try. */
  async run<T>(call: () => Promise<T>, action: string): Promise<T> {
    const deadline = Date.now() + this.#budgetMs;
    if (!this.#busy) {
      try {
        return await call();
      } catch (error) {
        if (!this.#metBusy(error)) throw error;
        if (Date.now() >= deadline) throw error;
      }
    }
    for (;;) {
      const outcome = await this.#inTurn(async (): Promise<{ value: T } | undefined> => {
        while (this.#wait) await this.#wait;
        if (Date.now() >= deadline) throw new StoreFailure('busy', action, undefined);
        try {
          const value = await call();
          this.#busy = false;
          this.#level = 0;
          return { value };
        } catch (error) {
          if (!this.#metBusy(error) || Date.now() >= deadline) throw error;
          return undefined;
        }
      });
      if (outcome) return outcome.value;
    }
  }

  // True for a busy failure, after starting the wait before the next attempt.
  #metBusy(error: unknown): boolean {
    if (!(error instanceof StoreFailure) || error.reason !== 'busy') return false;
    this.#busy = true;
    if (this.#wait === undefined) {
      const delay = this.#delaysMs[Math.min(this.#level, this.#delaysMs.length - 1)] ?? 0;
      this.#level += 1;
      this.#wait = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => {
        this.#wait = undefined;
      });
    }
    return true;
  }

  async #inTurn<R>(attempt: () => Promise<R>): Promise<R> {
    const previous = this.#turn;
    let done = () => {};
    this.#turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      await previous;
      return await attempt();
    } finally {
      done();
    }
  }
}
