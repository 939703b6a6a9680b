import type { ManagerLink } from '../link/manager-link.ts';
import type { OutboundLogQueue } from '../logs/outbound-log-queue.ts';

/**
 * After a send, further lines wait this long before the next one, gathering into larger frames
 * (the queue joins a container's batches). A stream quieter than that (a line every 10 ms) waits
 * for nothing; a flood goes out in frames of hundreds of lines instead of a few, which halves
 * what the agent and the manager spend per line (measured in the throughput bench).
 */
export const SEND_LINGER_MS = 5;

type Timers = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
};

const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
};

/**
 * Moves batches from the bounded outbound queue into the socket only while
 * the socket is below its high-water mark; when it is not, batches wait in
 * the queue, whose overflow policy (drop oldest, report a gap) keeps memory
 * bounded.
 */
export class LogShipper {
  readonly #queue: OutboundLogQueue;
  readonly #link: ManagerLink;
  readonly #timers: Timers;
  readonly #lingerMs: number;
  #pumping = false;
  #waiting = false;
  #lastSendAt = Number.NEGATIVE_INFINITY;

  constructor(
    queue: OutboundLogQueue,
    link: ManagerLink,
    options: { lingerMs?: number; timers?: Timers } = {},
  ) {
    this.#queue = queue;
    this.#link = link;
    this.#lingerMs = options.lingerMs ?? SEND_LINGER_MS;
    this.#timers = options.timers ?? systemTimers;
  }

  /** Entries were queued: send them now, or after the linger since the last send. */
  kick(): void {
    if (this.#pumping || this.#waiting) return;
    const wait = this.#lastSendAt + this.#lingerMs - this.#timers.now();
    if (wait <= 0) {
      void this.#pump();
      return;
    }
    this.#waiting = true;
    this.#timers.setTimeout(() => {
      this.#waiting = false;
      void this.#pump();
    }, wait);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#link.online) {
        if (!this.#link.writable) {
          await this.#link.whenWritable();
          continue;
        }
        const next = this.#queue.take();
        if (!next) break;
        this.#link.pushLogBatch(next.containerId, next.entries);
        this.#lastSendAt = this.#timers.now();
      }
    } finally {
      this.#pumping = false;
    }
  }
}
