import type { LogEntry } from '@bosun/protocol';
import { firstSeqOf, reachOf } from '../logs/log-entries.ts';
import type { CatchUpSource, Subscriber } from '../logs/subscriber.ts';
import { encodeBatch, type GapRange } from '../logs/viewer-frames.ts';

/**
 * A topic's ring as a parked subscriber sees it: entries appended with `append` (held back as
 * pending, as a paced fan-out holds them, until `fanOut`), the oldest dropped with `evictBelow`.
 */
export class FakeCatchUpSource implements CatchUpSource {
  ring: LogEntry[] = [];
  #pending: LogEntry[] = [];
  readonly #subscriber: () => Subscriber;

  constructor(subscriber: () => Subscriber) {
    this.#subscriber = subscriber;
  }

  /** New entries: into the ring now, to the subscriber with the next `fanOut` (or catch-up). */
  append(entries: LogEntry[]): void {
    this.ring.push(...entries);
    this.#pending.push(...entries);
  }

  /** Sends what is pending to the subscriber, as a topic's fan-out does. */
  fanOut(): void {
    const entries = this.#pending;
    this.#pending = [];
    if (entries.length > 0) this.#subscriber().deliver([encodeBatch(entries)]);
  }

  /** Drops ring entries below `seq`, as the ring's own bounds or the memory budget do. */
  evictBelow(seq: number): void {
    this.ring = this.ring.filter((entry) => reachOf(entry) >= seq);
  }

  /** Flushes what is pending first, as a topic does, then answers from the ring. */
  catchUp(fromSeq: number): { history: LogEntry[]; evicted: GapRange | undefined } {
    this.fanOut();
    const first = this.ring[0];
    const firstSeq = first === undefined ? fromSeq : firstSeqOf(first);
    return {
      history: this.ring.filter((entry) => reachOf(entry) >= fromSeq),
      evicted: fromSeq < firstSeq ? { fromSeq, toSeq: firstSeq - 1, count: firstSeq - fromSeq } : undefined,
    };
  }
}
