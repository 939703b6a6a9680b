import type { LogEntry } from '@bosun/protocol';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import { splitBatches } from './log-entries.ts';
import type { Subscriber } from './subscriber.ts';
import { type FilteredBatch, filterBatches } from './subscription-filter.ts';
import { encodeBatch } from './viewer-frames.ts';

/** How topics pace their fan-out; one shared by every topic of the hub. */
export type FanOutPacing = {
  clock: Clock;
  /** The least time between two fan-outs for this many subscribers (0: send at once). */
  spacingMs(subscribers: number): number;
  /** A subscriber that could not send everything now; the drain ticker retries it. */
  backlogged(subscriber: Subscriber): void;
};

/**
 * One topic's way from the ring to its subscribers. Entries go out at once while that costs
 * little; with many subscribers they are gathered and sent together, each batch encoded once for
 * all of them. Bounded in time: what is pending is at most `spacingMs` worth of the stream (it is
 * in the ring already), after which the timer sends it.
 *
 * Filtered subscribers get the batches as their filter leaves them, worked out once per filter
 * (by its canonical key) and per fan-out, so a hundred viewers watching for the same error cost
 * one match pass; unfiltered subscribers get the batches as before.
 */
export class PacedFanOut {
  readonly #pacing: FanOutPacing;
  readonly #subscribers: ReadonlySet<Subscriber>;
  #pending: LogEntry[] = [];
  #lastFanOutAt = Number.NEGATIVE_INFINITY;
  #timer: TimerHandle | undefined;

  constructor(pacing: FanOutPacing, subscribers: ReadonlySet<Subscriber>) {
    this.#pacing = pacing;
    this.#subscribers = subscribers;
  }

  /** Entries the topic accepted; they leave now or with the next paced fan-out. */
  send(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.#pending.push(entry);
    if (this.#timer !== undefined) return;
    const { clock, spacingMs } = this.#pacing;
    const wait = this.#lastFanOutAt + spacingMs(this.#subscribers.size) - clock.now();
    if (wait <= 0) this.flush();
    else
      this.#timer = clock.setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, wait);
  }

  /** Sends everything pending now and stops the timer. */
  flush(): void {
    if (this.#timer !== undefined) this.#pacing.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batches = splitBatches(this.#pending).map((run) => encodeBatch(run.entries, run.textBytes));
    this.#pending = [];
    this.#lastFanOutAt = this.#pacing.clock.now();
    let filtered: Map<string, FilteredBatch[]> | undefined;
    for (const subscriber of this.#subscribers) {
      const filter = subscriber.filter;
      if (filter === undefined) subscriber.deliver(batches);
      else {
        filtered ??= new Map();
        let run = filtered.get(filter.key);
        if (run === undefined) {
          run = filterBatches(batches, filter.match);
          filtered.set(filter.key, run);
        }
        subscriber.deliverFiltered(run);
      }
      if (subscriber.hasBacklog) this.#pacing.backlogged(subscriber);
    }
  }
}
