import { KeyedSlots } from '@bosun/protocol';

/**
 * Bounds agent sockets that have not been welcomed yet, per client address and in all. The
 * agent endpoint needs no HTTP auth (the hello authenticates), so without this one address could
 * open sockets faster than the hello deadline closes them. A welcomed agent no longer counts.
 */
export class PendingAgentSockets {
  readonly #slots: KeyedSlots;

  constructor(perAddress: number, total: number) {
    this.#slots = new KeyedSlots(perAddress, total);
  }

  /** Agent sockets awaiting their welcome, in all. */
  get size(): number {
    return this.#slots.size;
  }

  /** A release function when there is room (call it once the socket is welcomed or gone), else undefined. */
  tryAcquire(address: string): (() => void) | undefined {
    return this.#slots.tryAcquire(address);
  }
}
