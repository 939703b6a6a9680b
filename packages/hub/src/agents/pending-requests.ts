import { newInbox, ProtocolError, type ReplyData } from '@bosun/protocol';
import type { Clock, TimerHandle } from '../ports/clock.ts';

type Pending = {
  subject: string;
  resolve(result: unknown): void;
  reject(error: ProtocolError): void;
  timer: TimerHandle;
};

/**
 * Requests sent to one agent and not answered yet, keyed by reply inbox. Bounded: past `max`
 * a new request fails at once with `limit_exceeded` rather than piling up behind a stuck agent.
 * Every entry leaves by its reply, its timeout, or `failAll` when the agent goes away, so
 * nobody waits for a timeout on a socket that is already gone.
 */
export class PendingRequests {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #pending = new Map<string, Pending>();

  constructor(clock: Clock, max: number) {
    this.#clock = clock;
    this.#max = max;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Reserves an inbox; the promise settles with the raw result (unvalidated) or a ProtocolError. */
  open(subject: string, timeoutMs: number): { inbox: string; settled: Promise<unknown> } {
    if (this.#pending.size >= this.#max) {
      throw new ProtocolError('limit_exceeded', `agent already has ${this.#max} requests in flight`);
    }
    const inbox = newInbox();
    const settled = new Promise<unknown>((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        this.#pending.delete(inbox);
        reject(new ProtocolError('timeout', `${subject}: no answer from the agent within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(inbox, { subject, resolve, reject, timer });
    });
    return { inbox, settled };
  }

  /** Routes a reply; false when the inbox is unknown (late reply after a timeout). */
  settle(inbox: string, data: ReplyData): boolean {
    const pending = this.#take(inbox);
    if (!pending) return false;
    if (data.ok) pending.resolve(data.result);
    else {
      const { code, message, details } = data.error;
      pending.reject(new ProtocolError(code, message, details === undefined ? undefined : { details }));
    }
    return true;
  }

  has(inbox: string): boolean {
    return this.#pending.has(inbox);
  }

  fail(inbox: string, error: ProtocolError): void {
    this.#take(inbox)?.reject(error);
  }

  failAll(error: ProtocolError): void {
    for (const inbox of [...this.#pending.keys()]) this.fail(inbox, error);
  }

  #take(inbox: string): Pending | undefined {
    const pending = this.#pending.get(inbox);
    if (!pending) return undefined;
    this.#pending.delete(inbox);
    this.#clock.clearTimeout(pending.timer);
    return pending;
  }
}
