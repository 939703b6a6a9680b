import { ProtocolError } from '@bosun/protocol';

/**
 * The manager-wide caps on stored-log reads: so many per user and so many in total, so one
 * user cannot hold every slot. The per-agent cap is the session's.
 */
export class LogReadSlots {
  readonly #maxPerUser: number;
  readonly #maxTotal: number;
  readonly #perUser = new Map<string, number>();
  #total = 0;

  constructor(maxPerUser: number, maxTotal: number) {
    this.#maxPerUser = maxPerUser;
    this.#maxTotal = maxTotal;
  }

  /** Reads open now, over every agent. */
  get open(): number {
    return this.#total;
  }

  /** Takes a slot for `user`, or fails with `limit_exceeded`; returns its release (idempotent). */
  acquire(user: string | undefined): () => void {
    if (this.#total >= this.#maxTotal) {
      throw new ProtocolError(
        'limit_exceeded',
        `the manager already runs ${this.#maxTotal} log reads: try again later`,
      );
    }
    const mine = user === undefined ? 0 : (this.#perUser.get(user) ?? 0);
    if (user !== undefined && mine >= this.#maxPerUser) {
      throw new ProtocolError('limit_exceeded', `at most ${this.#maxPerUser} log reads at once per user`);
    }
    this.#total++;
    if (user !== undefined) this.#perUser.set(user, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      if (user === undefined) return;
      const left = (this.#perUser.get(user) ?? 1) - 1;
      if (left === 0) this.#perUser.delete(user);
      else this.#perUser.set(user, left);
    };
  }
}
