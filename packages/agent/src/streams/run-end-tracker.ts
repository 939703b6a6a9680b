import { dockerTimestampToUnixNanos, unixNanosToDockerSince } from '@bosun/protocol';

/** How long a read waits for a run's `die` event before going on without it. */
export const DIE_EVENT_WAIT_MS = 2000;
/** `die` events remembered per container: enough for a restart loop the follower is behind on. */
export const MAX_REMEMBERED_DIES = 8;

/** The answer of `endOf`/`endBefore` while the tracker waits for a `die` that has not arrived. */
export const AWAITING_DIE: unique symbol = Symbol('awaiting die');

/** A run's end as Docker's `until` (seconds.nanoseconds), none known, or still awaited. */
export type RunEnd = string | undefined | typeof AWAITING_DIE;

/**
 * When the runs of one container ended, from its `die` events: the bound a read of a finished
 * run's stored logs stops at, so it cannot run on into the next run. Docker sends `die` once the
 * run's output is drained and stamped; neither FinishedAt, taken at the exit itself, nor the next
 * StartedAt, recorded after the process began, is a safe boundary.
 *
 * A `die` may come after the follow saw the run end. The first ask for an end it does not know
 * answers AWAITING_DIE and starts a short wait (DIE_EVENT_WAIT_MS), after which `retry` runs; the
 * next ask answers with the end if the `die` came meanwhile, else `undefined` (read without it).
 *
 * Bound: the last MAX_REMEMBERED_DIES `die` times; older ones are forgotten.
 */
export class RunEndTracker {
  readonly #retry: () => void;
  readonly #waitMs: number;
  readonly #dies: bigint[] = [];
  #count = 0;
  #waited = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `retry` runs once a wait for a missing `die` is over, unless an answer came first. */
  constructor(retry: () => void, waitMs = DIE_EVENT_WAIT_MS) {
    this.#retry = retry;
    this.#waitMs = waitMs;
  }

  /** `die` events seen so far: a change tells the container died in between. */
  get dies(): number {
    return this.#count;
  }

  /** Docker said the container's process ended, at this time (Unix nanoseconds). */
  died(timeNano: bigint): void {
    this.#dies.push(timeNano);
    if (this.#dies.length > MAX_REMEMBERED_DIES) this.#dies.shift();
    this.#count++;
  }

  /** The end of the run that started at `startedAt`: the first `die` at or after it. */
  endOf(startedAt: string): RunEnd {
    const start = dockerTimestampToUnixNanos(startedAt);
    return this.#answer(this.#dies.find((t) => t >= start));
  }

  /** The end of the run before the one that started at `startedAt`: the latest `die` before it. */
  endBefore(startedAt: string): RunEnd {
    const start = dockerTimestampToUnixNanos(startedAt);
    return this.#answer(this.#dies.filter((t) => t < start).at(-1));
  }

  /** No more retries: the follow is stopping. */
  stop(): void {
    clearTimeout(this.#timer);
  }

  #answer(die: bigint | undefined): RunEnd {
    if (die === undefined && !this.#waited) {
      this.#waited = true;
      this.#timer = setTimeout(this.#retry, this.#waitMs);
      return AWAITING_DIE;
    }
    clearTimeout(this.#timer);
    this.#waited = false;
    return die === undefined ? undefined : unixNanosToDockerSince(die);
  }
}
