/**
 * A bounded count of things in use, per key and in all: a per-key cap so one key (a user, a
 * client address) cannot take every slot, and a total cap. `tryAcquire` hands out a release
 * function (idempotent) or nothing when either cap is reached; the caller says why.
 */
export class KeyedSlots {
  readonly #perKey: number;
  readonly #total: number;
  readonly #counts = new Map<string, number>();
  #all = 0;

  constructor(perKey: number, total: number) {
    this.#perKey = perKey;
    this.#total = total;
  }

  /** Slots in use now, over every key. */
  get size(): number {
    return this.#all;
  }

  /** Whether the total cap alone is reached, to tell that refusal from the per-key one. */
  get full(): boolean {
    return this.#all >= this.#total;
  }

  /**
   * A slot for `key` (none: counted in the total only), or undefined past either cap. The
   * release function gives it back once; later calls do nothing.
   */
  tryAcquire(key: string | undefined): (() => void) | undefined {
    const count = key === undefined ? 0 : (this.#counts.get(key) ?? 0);
    if (this.full || count >= this.#perKey) return undefined;
    if (key !== undefined) this.#counts.set(key, count + 1);
    this.#all += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#all -= 1;
      if (key === undefined) return;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left <= 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }
}
