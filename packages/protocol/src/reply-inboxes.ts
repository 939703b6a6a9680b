import { newInbox, type ReplyData } from './envelope.ts';
import { ProtocolError } from './errors.ts';

/**
 * Timers as the owner of a table has them: the hub's Clock port, or the platform's own
 * `setTimeout`/`clearTimeout` in browsers, the CLI and tests.
 */
export type ReplyTimers<Handle = unknown> = {
  setTimeout(callback: () => void, ms: number): Handle;
  clearTimeout(handle: Handle): void;
};

/** Limits and wording of one table of reply inboxes. */
export type ReplyInboxesOptions<Handle = unknown> = {
  /** Requests in flight at most; past it `open` throws `limit_exceeded`. Unbounded when left out. */
  max?: number;
  /** The `limit_exceeded` message, for the peer the requests go to. */
  limitMessage?: (max: number) => string;
  timers?: ReplyTimers<Handle>;
};

/** How a request ended: the reply's raw result, or why there is none. */
export type ReplyOutcome = { ok: true; result: unknown } | { ok: false; error: Error };

type Pending<Handle> = {
  done(outcome: ReplyOutcome): void;
  timer: Handle | undefined;
};

const PLATFORM_TIMERS: ReplyTimers<ReturnType<typeof setTimeout>> = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/**
 * Requests sent over one socket and not answered yet, keyed by their reply inbox. Every entry
 * leaves by its reply, its timeout, or `failAll` when the socket goes away, so nobody waits for a
 * timeout on a socket that is already gone. Bounded by `max`: a request past it fails at once
 * rather than piling up behind a stuck peer.
 *
 * A request settles with the reply's raw `result` (still to be checked against the subject's
 * result schema by the caller) or fails with a `ProtocolError` carrying the peer's code, a
 * `timeout` ProtocolError, or whatever error `fail` was given.
 */
export class ReplyInboxes<Handle = ReturnType<typeof setTimeout>> {
  readonly #pending = new Map<string, Pending<Handle>>();
  readonly #max: number;
  readonly #limitMessage: (max: number) => string;
  readonly #timers: ReplyTimers<Handle>;

  constructor(options: ReplyInboxesOptions<Handle> = {}) {
    this.#max = options.max ?? Number.POSITIVE_INFINITY;
    this.#limitMessage = options.limitMessage ?? ((max) => `${max} requests already in flight`);
    this.#timers = options.timers ?? (PLATFORM_TIMERS as unknown as ReplyTimers<Handle>);
  }

  /** Requests waiting for their reply. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Reserves an inbox for one request. `timeoutMessage` says what did not answer, for the
   * `timeout` error after `timeoutMs`.
   */
  open(timeoutMs: number | undefined, timeoutMessage: string): { inbox: string; settled: Promise<unknown> } {
    let done: (outcome: ReplyOutcome) => void = () => {};
    const settled = new Promise<unknown>((resolve, reject) => {
      done = (outcome) => (outcome.ok ? resolve(outcome.result) : reject(outcome.error));
    });
    return { inbox: this.openWith(timeoutMs, timeoutMessage, done), settled };
  }

  /**
   * `open` with a callback instead of a promise, called synchronously with the reply that
   * settles it: for an owner whose order of handling must not wait for a microtask (a reply
   * followed at once by the pushes it announces). Without `timeoutMs` the request waits until
   * its reply or `failAll`: for an owner whose socket has its own liveness check.
   */
  openWith(
    timeoutMs: number | undefined,
    timeoutMessage: string,
    done: (outcome: ReplyOutcome) => void,
  ): string {
    if (this.#pending.size >= this.#max)
      throw new ProtocolError('limit_exceeded', this.#limitMessage(this.#max));
    const inbox = newInbox();
    const timer =
      timeoutMs === undefined
        ? undefined
        : this.#timers.setTimeout(() => {
            this.#pending.delete(inbox);
            done({ ok: false, error: new ProtocolError('timeout', timeoutMessage) });
          }, timeoutMs);
    this.#pending.set(inbox, { done, timer });
    return inbox;
  }

  /** Routes a reply to its request; false when the inbox is unknown (a late reply after a timeout). */
  settle(inbox: string, data: ReplyData): boolean {
    const pending = this.#take(inbox);
    if (!pending) return false;
    if (data.ok) pending.done({ ok: true, result: data.result });
    else {
      const { code, message, details } = data.error;
      const error = new ProtocolError(code, message, details === undefined ? undefined : { details });
      pending.done({ ok: false, error });
    }
    return true;
  }

  /** Whether a request still waits on this inbox. */
  has(inbox: string): boolean {
    return this.#pending.has(inbox);
  }

  /** Drops a request without settling it: its frame never left, so no answer is owed. */
  forget(inbox: string): void {
    this.#take(inbox);
  }

  /** Fails one request, e.g. when its frame could not be sent. */
  fail(inbox: string, error: Error): void {
    this.#take(inbox)?.done({ ok: false, error });
  }

  /** Fails every request at once: the socket is gone and no reply can come. */
  failAll(error: Error): void {
    for (const inbox of [...this.#pending.keys()]) this.fail(inbox, error);
  }

  #take(inbox: string): Pending<Handle> | undefined {
    const pending = this.#pending.get(inbox);
    if (!pending) return undefined;
    this.#pending.delete(inbox);
    if (pending.timer !== undefined) this.#timers.clearTimeout(pending.timer);
    return pending;
  }
}
