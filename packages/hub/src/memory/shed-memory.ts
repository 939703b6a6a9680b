import type { LogTopic } from '../logs/log-topic.ts';
import type { Subscriber } from '../logs/subscriber.ts';
import type { Connection } from '../ports/connection.ts';
import type { MemoryBudget } from './memory-budget.ts';

/** What the shedding order may act on: the hub's topics and viewer sockets. */
export interface SheddingTargets {
  budget: MemoryBudget;
  topics(): Iterable<LogTopic>;
  viewerSockets(): Iterable<Connection>;
  /** A viewer socket holding at least this many unsent bytes (its allowance now) is one the hub already calls slow. */
  highWaterBytes: number;
  /**
   * Closes a viewer socket; its viewer reconnects and resumes from where it was. False when it
   * was shed before and is still on its way out (it is neither counted nor its bytes again).
   */
  closeViewer(conn: Connection): boolean;
}

/**
 * The shedding order past the memory budget, cheapest loss first, each step taking the
 * biggest holders first and stopping once `excessBytes` is freed:
 *
 * 1. Slow viewers' queues: a subscription's whole queue is dropped and its viewer gets a
 *    `subscriber_behind` gap naming exactly the seqs it missed.
 * 2. Slow viewers' sockets (at least their allowance unsent, `socket-allowance.ts`): closed (1001, come back
 *    later). The viewer resumes from its last seq; what the ring no longer holds comes as a
 *    `ring_evicted` gap.
 * 3. Rings of lingering topics (no subscriber): emptied. A viewer resuming there gets
 *    `ring_evicted` for what it asks before the next line.
 * 4. Rings of watched topics: each, largest first, trimmed to half its bytes from the oldest
 *    entry. Their viewers have those entries already or queued; a later resume before them
 *    gets `ring_evicted`.
 *
 * Past these, while still over, new subscriptions and reads are refused (`rate_limited`, a
 * refusal viewers retry) by the budget's `over`. Nothing is dropped without a gap that names it. Returns the bytes it
 * expects to have freed (sockets free theirs once the adapter has let them go).
 */
export function shedMemory(targets: SheddingTargets, excessBytes: number): number {
  const { budget } = targets;
  let left = excessBytes;
  const freeing = (step: () => void): number => {
    const before = budget.usedBytes;
    step();
    return before - budget.usedBytes;
  };

  const topics = [...targets.topics()];
  const queues = topics
    .flatMap((topic) => [...topic.subscribers])
    .filter((subscriber) => subscriber.queuedEntries > 0)
    .sort(byDescending((subscriber: Subscriber) => subscriber.queuedBytes));
  for (const subscriber of queues) {
    if (left <= 0) return excessBytes - left;
    left -= freeing(() => subscriber.shedQueue());
    budget.noteShed('queues');
  }

  const stalled = [...targets.viewerSockets()]
    .filter((conn) => conn.bufferedAmount >= targets.highWaterBytes)
    .sort(byDescending((conn: Connection) => conn.bufferedAmount));
  for (const conn of stalled) {
    if (left <= 0) return excessBytes - left;
    const unsent = conn.bufferedAmount;
    if (!targets.closeViewer(conn)) continue;
    left -= unsent;
    budget.noteShed('sockets');
  }

  const byRing = byDescending((topic: LogTopic) => topic.ringBytes);
  const lingering = topics.filter((topic) => topic.subscribers.size === 0).sort(byRing);
  for (const topic of lingering) {
    if (left <= 0) return excessBytes - left;
    left -= freeing(() => topic.trimRing(0));
    budget.noteShed('lingeringRings');
  }

  const watched = topics.filter((topic) => topic.subscribers.size > 0 && topic.ringBytes > 0).sort(byRing);
  for (const topic of watched) {
    if (left <= 0) return excessBytes - left;
    left -= freeing(() => topic.trimRing(Math.floor(topic.ringBytes / 2)));
    budget.noteShed('rings');
  }
  return excessBytes - left;
}

function byDescending<T>(size: (item: T) => number): (a: T, b: T) => number {
  return (a, b) => size(b) - size(a);
}
