import { KeyedSlots, ProtocolError } from '@bosun/protocol';

/**
 * The manager-wide caps on stored-log reads: so many per user and so many in total, so one
 * user cannot hold every slot. The per-agent cap is the session's.
 */
export class LogReadSlots {
  readonly #slots: KeyedSlots;
  readonly #maxPerUser: number;
  readonly #maxTotal: number;

  constructor(maxPerUser: number, maxTotal: number) {
    this.#slots = new KeyedSlots(maxPerUser, maxTotal);
    this.#maxPerUser = maxPerUser;
    this.#maxTotal = maxTotal;
  }

  /** Reads open now, over every agent. */
  get open(): number {
    return this.#slots.size;
  }

  /** Takes a slot for `user`, or fails with `limit_exceeded`; returns its release (idempotent). */
  acquire(user: string | undefined): () => void {
    const release = this.#slots.tryAcquire(user);
    if (release) return release;
    throw new ProtocolError(
      'limit_exceeded',
      this.#slots.full
        ? `the manager already runs ${this.#maxTotal} log reads: try again later`
        : `at most ${this.#maxPerUser} log reads at once per user`,
    );
  }
}
