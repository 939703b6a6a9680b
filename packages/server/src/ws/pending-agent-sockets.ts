/**
 * Bounds agent sockets that have not been welcomed yet, per client address and in all. The
 * agent endpoint needs no HTTP auth (the hello authenticates), so without this one address could
 * open sockets faster than the hello deadline closes them. A welcomed agent no longer counts.
 */
export class PendingAgentSockets {
  readonly #perAddress: number;
  readonly #total: number;
  readonly #counts = new Map<string, number>();
  #all = 0;

  constructor(perAddress: number, total: number) {
    this.#perAddress = perAddress;
    this.#total = total;
  }

  /** Agent sockets awaiting their welcome, in all. */
  get size(): number {
    return this.#all;
  }

  /** A release function when there is room (call it once the socket is welcomed or gone), else undefined. */
  tryAcquire(address: string): (() => void) | undefined {
    const count = this.#counts.get(address) ?? 0;
    if (count >= this.#perAddress || this.#all >= this.#total) return undefined;
    this.#counts.set(address, count + 1);
    this.#all += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#all -= 1;
      const left = (this.#counts.get(address) ?? 1) - 1;
      if (left <= 0) this.#counts.delete(address);
      else this.#counts.set(address, left);
    };
  }
}
