import type { LogEntry } from '@bosun/protocol';
import { firstSeqOf, reachOf } from './log-entries.ts';
import type { RingBuffer } from './ring-buffer.ts';
import type { GapRange } from './viewer-frames.ts';

/** What a new subscriber starts from: the history to send and the positions for its reply. */
export type TopicSnapshot = {
  history: LogEntry[];
  /** What a resuming viewer asked for that the ring no longer holds (a ring_evicted gap). */
  evicted: GapRange | undefined;
  /** A resuming viewer has everything below this; live entries below it are skipped. */
  skipBelow: number | undefined;
  firstSeq: number;
  nextSeq: number;
};

/**
 * What a new subscriber gets from a topic's ring. With `fromSeq` (a resuming viewer): everything
 * from there, after a ring_evicted gap when the ring no longer reaches back that far; entries
 * below fromSeq that arrive later (a stream resumed from an older persisted cursor) are skipped.
 * A topic that has never numbered anything (`lastSeq` -1: no cursor survived) has nothing to
 * resume from, so there `fromSeq` is ignored and the viewer sees the new numbering in the reply.
 * Otherwise the last `tail` lines, or the whole ring.
 */
export function snapshotOf(
  ring: RingBuffer<LogEntry>,
  lastSeq: number,
  fromSeq: number | undefined,
  tail: number | undefined,
): TopicSnapshot {
  const nextSeq = lastSeq + 1;
  const first = ring.at(0);
  const firstSeq = first === undefined ? nextSeq : firstSeqOf(first);
  const base = { firstSeq, nextSeq, evicted: undefined, skipBelow: undefined };
  if (fromSeq !== undefined && (lastSeq >= 0 || fromSeq === 0)) {
    const evicted =
      fromSeq < firstSeq ? { fromSeq, toSeq: firstSeq - 1, count: firstSeq - fromSeq } : undefined;
    return { ...base, history: ring.toArray(indexReaching(ring, fromSeq)), evicted, skipBelow: fromSeq };
  }
  if (tail !== undefined) return { ...base, history: ring.toArray(indexOfTail(ring, tail)) };
  return { ...base, history: ring.toArray() };
}

// The first ring index whose entry matters to a viewer resuming at fromSeq.
function indexReaching(ring: RingBuffer<LogEntry>, fromSeq: number): number {
  let low = 0;
  let high = ring.length;
  // Reach only grows along the ring, so a binary search finds the boundary.
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (reachOf(ring.at(mid) as LogEntry) >= fromSeq) high = mid;
    else low = mid + 1;
  }
  return low;
}

// The ring index of the tail-th line from the end (markers after it come along).
function indexOfTail(ring: RingBuffer<LogEntry>, tail: number): number {
  if (tail <= 0) return ring.length;
  let lines = 0;
  for (let i = ring.length - 1; i >= 0; i--) {
    if (ring.at(i)?.kind === 'line' && ++lines === tail) return i;
  }
  return 0;
}
