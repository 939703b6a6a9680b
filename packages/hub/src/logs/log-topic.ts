import { entryTextBytes, type LogEntry } from '@bosun/protocol';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import { advanceCursor, type LogCursor } from './log-cursor.ts';
import { firstSeqOf, reachOf, splitBatches } from './log-entries.ts';
import { RingBuffer } from './ring-buffer.ts';
import type { Subscriber, TopicState } from './subscriber.ts';
import { encodeBatch, type GapRange } from './viewer-frames.ts';

/** How a topic paces its fan-out; shared by every topic of the hub. */
export type FanOutPacing = {
  clock: Clock;
  /** The least time between two fan-outs for this many subscribers (0: send at once). */
  spacingMs(subscribers: number): number;
  /** A subscriber that could not send everything now; the drain ticker retries it. */
  backlogged(subscriber: Subscriber): void;
};

/** `starting` is internal: the agent has been asked and has not answered yet. */
export type TopicPhase = TopicState | 'starting';

export type TopicSnapshot = {
  history: LogEntry[];
  evicted: GapRange | undefined;
  skipBelow: number | undefined;
  firstSeq: number;
  nextSeq: number;
};

/**
 * One container's stream on the manager: a ring of recent entries (bounded by entries and bytes;
 * the oldest are evicted, and viewers asking for them get a ring_evicted gap), the cursor of the
 * last line, and the subscribers. Lines are deduplicated by seq, so a stream re-requested after
 * a reconnect may repeat what it already sent without anyone seeing it twice.
 */
export class LogTopic {
  readonly agentId: string;
  readonly containerId: string;
  readonly key: string;
  readonly ring: RingBuffer<LogEntry>;
  readonly subscribers = new Set<Subscriber>();
  cursor: LogCursor | undefined;
  /** The highest seq taken by a line or gap; numbering never goes back below it. */
  lastSeq: number;
  phase: TopicPhase = 'starting';
  /** The state viewers were last told; viewers assume `live` until told otherwise. */
  announced: TopicState = 'live';
  /** True while the agent has no stream for this topic: it must be asked (again). */
  needsStart = true;
  /** Bumped per start request, so an answer to an older one is ignored. */
  startGeneration = 0;
  lingerTimer: TimerHandle | undefined;
  retryTimer: TimerHandle | undefined;
  readonly #pacing: FanOutPacing;
  // Accepted entries not yet sent to subscribers (they are in the ring already). Bounded in
  // time: at most `spacingMs` worth of the stream, after which `flush` sends them.
  #pending: LogEntry[] = [];
  #lastFanOutAt = Number.NEGATIVE_INFINITY;
  #fanOutTimer: TimerHandle | undefined;

  constructor(
    agentId: string,
    containerId: string,
    ring: { lines: number; bytes: number },
    start: { cursor?: LogCursor; lastSeq: number },
    pacing: FanOutPacing,
  ) {
    this.#pacing = pacing;
    this.agentId = agentId;
    this.containerId = containerId;
    this.key = topicKey(agentId, containerId);
    this.ring = new RingBuffer({ maxItems: ring.lines, maxBytes: ring.bytes, sizeOf: entryTextBytes });
    this.cursor = start.cursor;
    this.lastSeq = start.lastSeq;
  }

  get nextSeq(): number {
    return this.lastSeq + 1;
  }

  /**
   * Takes what is new in an agent batch: lines and gaps beyond `lastSeq`, markers not behind
   * it, into the ring and on their way to subscribers (at once, or with the next paced fan-out).
   * Returns undefined when all were repeats.
   */
  ingest(entries: readonly LogEntry[]): { ended: boolean; cursorMoved: boolean } | undefined {
    let accepted = 0;
    let ended = false;
    let cursorMoved = false;
    for (const entry of entries) {
      const taken = this.#accept(entry);
      if (!taken) continue;
      if (taken.kind === 'line') cursorMoved = true;
      accepted += 1;
      this.#pending.push(taken);
      this.ring.push(taken);
      // Nothing follows the end of a stream.
      if (taken.kind === 'end') {
        ended = true;
        break;
      }
    }
    if (accepted === 0) return undefined;
    // An ended topic is closed at once, and closing flushes.
    this.#scheduleFlush();
    return { ended, cursorMoved };
  }

  /**
   * Sends every pending entry to every subscriber, each batch encoded once for all of them.
   * Called before anything a subscriber must see after those entries: a snapshot for a new
   * subscriber, a status, the end of the topic.
   */
  flush(): void {
    if (this.#fanOutTimer !== undefined) this.#pacing.clock.clearTimeout(this.#fanOutTimer);
    this.#fanOutTimer = undefined;
    if (this.#pending.length === 0) return;
    const batches = splitBatches(this.#pending).map(encodeBatch);
    this.#pending = [];
    this.#lastFanOutAt = this.#pacing.clock.now();
    for (const subscriber of this.subscribers) {
      subscriber.deliver(batches);
      if (subscriber.hasBacklog) this.#pacing.backlogged(subscriber);
    }
  }

  #scheduleFlush(): void {
    if (this.#fanOutTimer !== undefined) return;
    const { clock, spacingMs } = this.#pacing;
    const wait = this.#lastFanOutAt + spacingMs(this.subscribers.size) - clock.now();
    if (wait <= 0) this.flush();
    else
      this.#fanOutTimer = clock.setTimeout(() => {
        this.#fanOutTimer = undefined;
        this.flush();
      }, wait);
  }

  #accept(entry: LogEntry): LogEntry | undefined {
    switch (entry.kind) {
      case 'line':
        if (entry.seq <= this.lastSeq) return undefined;
        this.lastSeq = entry.seq;
        this.cursor = advanceCursor(this.cursor, entry);
        return entry;
      case 'gap': {
        if (entry.toSeq <= this.lastSeq) return undefined;
        const fromSeq = Math.max(entry.fromSeq, this.lastSeq + 1);
        this.lastSeq = entry.toSeq;
        return fromSeq === entry.fromSeq ? entry : { ...entry, fromSeq };
      }
      default:
        return entry.afterSeq < this.lastSeq ? undefined : entry;
    }
  }

  /**
   * What a new subscriber gets. With `fromSeq` (a resuming viewer): everything from there, after
   * a ring_evicted gap when the ring no longer reaches back that far; entries below fromSeq that
   * arrive later (a stream resumed from an older persisted cursor) are skipped. A topic that has
   * never numbered anything (no cursor survived) has nothing to resume from, so there `fromSeq`
   * is ignored and the viewer sees the new numbering in the reply. Otherwise the last `tail`
   * lines, or the whole ring.
   */
  snapshot(fromSeq: number | undefined, tail: number | undefined): TopicSnapshot {
    const first = this.ring.at(0);
    const firstSeq = first === undefined ? this.nextSeq : firstSeqOf(first);
    const base = { firstSeq, nextSeq: this.nextSeq, evicted: undefined, skipBelow: undefined };
    if (fromSeq !== undefined && (this.lastSeq >= 0 || fromSeq === 0)) {
      const evicted =
        fromSeq < firstSeq ? { fromSeq, toSeq: firstSeq - 1, count: firstSeq - fromSeq } : undefined;
      return {
        ...base,
        history: this.ring.toArray(this.#indexReaching(fromSeq)),
        evicted,
        skipBelow: fromSeq,
      };
    }
    if (tail !== undefined) return { ...base, history: this.ring.toArray(this.#indexOfTail(tail)) };
    return { ...base, history: this.ring.toArray() };
  }

  // The first ring index whose entry matters to a viewer resuming at fromSeq.
  #indexReaching(fromSeq: number): number {
    let low = 0;
    let high = this.ring.length;
    // Reach only grows along the ring, so a binary search finds the boundary.
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (reachOf(this.ring.at(mid) as LogEntry) >= fromSeq) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  // The ring index of the tail-th line from the end (markers after it come along).
  #indexOfTail(tail: number): number {
    if (tail <= 0) return this.ring.length;
    let lines = 0;
    for (let i = this.ring.length - 1; i >= 0; i--) {
      if (this.ring.at(i)?.kind === 'line' && ++lines === tail) return i;
    }
    return 0;
  }

  /** Tells subscribers when the state they see changes (or a message comes with it). */
  setPhase(phase: TopicPhase, message?: string): void {
    // A status describes the present: entries from before it go out first.
    this.flush();
    this.phase = phase;
    if (phase === 'starting') return;
    if (phase === this.announced && message === undefined) return;
    this.announced = phase;
    for (const subscriber of this.subscribers) subscriber.status(phase, message);
  }
}

export function topicKey(agentId: string, containerId: string): string {
  return `${agentId}/${containerId}`;
}
