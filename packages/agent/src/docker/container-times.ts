import {
  ConcurrencyGate,
  type ContainerEvent,
  type ContainerSummary,
  MAX_CONTAINERS_PER_LIST,
  rfc3339ToMillis,
} from '@bosun/protocol';
import { withTimeout } from './docker-errors.ts';

/** When a container's current or last run started and its last run ended, as Docker states them. */
export type RunTimes = {
  startedAt?: string;
  /** Goes with `exitCode`: both describe the last run that ended. */
  finishedAt?: string;
  exitCode?: number;
};

/** Reads one container's run times from Docker; `undefined` once it is gone. May throw. */
export type InspectRunTimes = (id: string) => Promise<RunTimes | undefined>;

/** The cache's bounds. */
export type ContainerTimesOptions = {
  /** Inspections at once: a host with thousands of containers must not flood its daemon. */
  concurrency: number;
  /** Containers remembered at most; newcomers past it go without times. */
  maxEntries: number;
  /** Deadline of one inspection; past it the container stays unknown until the next list. */
  inspectTimeoutMs: number;
};

/** 8 inspections at once, as many containers as one list may carry, 5 s per inspection. */
export const DEFAULT_CONTAINER_TIMES_OPTIONS: ContainerTimesOptions = {
  concurrency: 8,
  maxEntries: MAX_CONTAINERS_PER_LIST,
  inspectTimeoutMs: 5_000,
};

type Ticket = { done: Promise<void> };

/**
 * Run times per container, because Docker's list has none and the status text it does have is
 * worded once and never ages. Containers the cache does not know are inspected, a few at a time;
 * after that, the `start` and `die` events keep their times current without asking Docker again.
 *
 * Times only move forward, so whichever source is later wins: an inspection that was answered
 * before an event but lands after it cannot undo the event.
 *
 * Overflow policy: past `maxEntries` (as many containers as one list may carry), containers not
 * yet known are neither remembered nor inspected; their summaries go without times, so viewers
 * show Docker's own status text for them, as before this cache. Known entries are never evicted
 * for newcomers: an evicted one would be inspected again on every list.
 */
export class ContainerTimes {
  readonly #inspect: InspectRunTimes;
  readonly #options: ContainerTimesOptions;
  readonly #entries = new Map<string, RunTimes>();
  // The inspection whose answer may still be stored; forgetting an id withdraws its ticket.
  readonly #inflight = new Map<string, Ticket>();
  // Waiting inspections are bounded by maxEntries (one ticket per container), not by the gate.
  readonly #gate: ConcurrencyGate;

  constructor(inspect: InspectRunTimes, options: Partial<ContainerTimesOptions> = {}) {
    this.#inspect = inspect;
    this.#options = { ...DEFAULT_CONTAINER_TIMES_OPTIONS, ...options };
    this.#gate = new ConcurrencyGate(this.#options.concurrency, Number.POSITIVE_INFINITY);
  }

  /** A copy of the container's known times, `undefined` when it is not known. */
  get(id: string): RunTimes | undefined {
    const times = this.#entries.get(id);
    return times && { ...times };
  }

  /**
   * Makes the cache match a fresh list: forgets ids no longer listed and inspects the listed ones
   * it does not know. Resolves when they are all known or after `waitMs`, whichever comes first;
   * inspections still running go on and serve later summaries.
   */
  async sync(ids: readonly string[], waitMs = Number.POSITIVE_INFINITY): Promise<void> {
    const listed = new Set(ids);
    for (const id of [...this.#entries.keys(), ...this.#inflight.keys()]) {
      if (!listed.has(id)) this.forget(id);
    }
    const all = Promise.all(ids.map((id) => this.ensure(id))).then(() => undefined);
    if (!Number.isFinite(waitMs)) return all;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    try {
      await Promise.race([all, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Inspects the container unless its times are known or already being read. Never rejects. */
  ensure(id: string): Promise<void> {
    if (this.#entries.has(id)) return Promise.resolve();
    const current = this.#inflight.get(id);
    if (current) return current.done;
    if (!this.#hasRoom()) return Promise.resolve();
    const ticket = {} as Ticket;
    this.#inflight.set(id, ticket);
    ticket.done = this.#fill(id, ticket);
    return ticket.done;
  }

  /** Keeps the times current from an event the agent already receives. */
  observe(event: ContainerEvent): void {
    switch (event.action) {
      case 'create':
        // Never started: known to have no times, so its first summary needs no inspection.
        this.learn(event.id, {});
        return;
      case 'start':
        this.learn(event.id, { startedAt: event.at });
        return;
      case 'die':
        this.learn(event.id, {
          finishedAt: event.at,
          ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
        });
        return;
      case 'destroy':
        this.forget(event.id);
        return;
      default:
        return;
    }
  }

  /** Adds what a source says; for each of start and finish, the later time wins. */
  learn(id: string, times: RunTimes): void {
    const known = this.#entries.get(id);
    if (!known && !this.#hasRoom(id)) return;
    this.#entries.set(id, known ? later(known, times) : { ...times });
  }

  /** Forgets the container, and drops the answer of an inspection of it still under way. */
  forget(id: string): void {
    this.#entries.delete(id);
    this.#inflight.delete(id);
  }

  /** Forgets everything, for when the daemon may have changed containers without events. */
  clear(): void {
    this.#entries.clear();
    this.#inflight.clear();
  }

  /** The summary with the cached times in place of any it carried. */
  apply(summary: ContainerSummary): ContainerSummary {
    const { startedAt: _s, finishedAt: _f, exitCode: _e, ...rest } = summary;
    const times = this.#entries.get(summary.id);
    if (!times) return rest;
    const out: ContainerSummary = { ...rest };
    if (times.startedAt !== undefined) out.startedAt = times.startedAt;
    if (times.finishedAt !== undefined) {
      out.finishedAt = times.finishedAt;
      if (times.exitCode !== undefined) out.exitCode = times.exitCode;
    }
    return out;
  }

  // An id already reserved by an inspection counts as room: its answer takes the place it holds.
  #hasRoom(id?: string): boolean {
    if (id !== undefined && this.#inflight.has(id)) return true;
    return this.#entries.size + this.#inflight.size < this.#options.maxEntries;
  }

  async #fill(id: string, ticket: Ticket): Promise<void> {
    try {
      await this.#gate.run(async () => {
        // Forgotten while it waited (destroyed, no longer listed): not worth a call to Docker.
        if (this.#inflight.get(id) !== ticket) return;
        const times = await withTimeout(this.#inspect(id), this.#options.inspectTimeoutMs, `inspect ${id}`);
        if (this.#inflight.get(id) !== ticket) return;
        this.#inflight.delete(id);
        if (times) this.learn(id, times);
      });
    } catch {
      // Docker slow or failing: the summary goes without times and the next list tries again.
    } finally {
      if (this.#inflight.get(id) === ticket) this.#inflight.delete(id);
    }
  }
}

function later(known: RunTimes, seen: RunTimes): RunTimes {
  const out = { ...known };
  if (seen.startedAt !== undefined && isLater(seen.startedAt, known.startedAt))
    out.startedAt = seen.startedAt;
  if (seen.finishedAt !== undefined && isLater(seen.finishedAt, known.finishedAt)) {
    out.finishedAt = seen.finishedAt;
    if (seen.exitCode === undefined) delete out.exitCode;
    else out.exitCode = seen.exitCode;
  }
  return out;
}

// Ties keep what is known: the same moment from two sources, in milliseconds.
function isLater(candidate: string, known: string | undefined): boolean {
  if (known === undefined) return true;
  const a = rfc3339ToMillis(candidate);
  const b = rfc3339ToMillis(known);
  if (a === undefined) return false;
  return b === undefined || a > b;
}
