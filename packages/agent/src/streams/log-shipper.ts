import type { ManagerLink } from '../link/manager-link.ts';
import type { OutboundLogQueue } from '../logs/outbound-log-queue.ts';

/**
 * Moves batches from the bounded outbound queue into the socket only while
 * the socket is below its high-water mark; when it is not, batches wait in
 * the queue, whose overflow policy (drop oldest, report a gap) keeps memory
 * bounded.
 */
export class LogShipper {
  readonly #queue: OutboundLogQueue;
  readonly #link: ManagerLink;
  #pumping = false;

  constructor(queue: OutboundLogQueue, link: ManagerLink) {
    this.#queue = queue;
    this.#link = link;
  }

  kick(): void {
    if (!this.#pumping) void this.#pump();
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
        this.#link.push('log.batch', { container: next.containerId, entries: next.entries });
      }
    } finally {
      this.#pumping = false;
    }
  }
}
