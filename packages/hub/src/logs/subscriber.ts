import {
  encodePush,
  entryTextBytes,
  type LogEntry,
  MAX_BATCH_LINES,
  MAX_BATCH_TEXT_BYTES,
} from '@bosun/protocol';
import type { MemoryMeter } from '../memory/memory-budget.ts';
import { MIN_SOCKET_ALLOWANCE_BYTES } from '../memory/socket-allowance.ts';
import type { Connection } from '../ports/connection.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import { firstSeqOf, reachOf } from './log-entries.ts';
import { RingBuffer } from './ring-buffer.ts';
import { SkippedReport } from './skipped-report.ts';
import {
  type FilteredBatch,
  type FilteredDelivery,
  filterEntries,
  type SubscriptionFilter,
} from './subscription-filter.ts';
import {
  batchFrame,
  type EncodedBatch,
  type GapRange,
  gapFrame,
  historyFrame,
  jsonOf,
  packedBatchFrame,
  packedJson,
  packedJsonOf,
  textBytesOf,
} from './viewer-frames.ts';

// How little a stalled socket must hold before a parked subscription catches up into it: a
// quarter of the least allowance, a few frames.
const UNPARK_BELOW_BYTES = MIN_SOCKET_ALLOWANCE_BYTES / 4;

/** The state of a stream as viewers see it (`logs.status`). */
export type TopicState = 'live' | 'agent_offline' | 'docker_unavailable' | 'ended';

/**
 * Where a stalled subscription catches up from: its topic's ring. `catchUp` first sends what the
 * topic still holds back for a paced fan-out (it is in the ring already), so what it returns is
 * exactly what this subscription has neither been sent nor queued, and nothing arrives twice.
 */
export interface CatchUpSource {
  catchUp(fromSeq: number): { history: LogEntry[]; evicted: GapRange | undefined };
}

/** A subscription's queue bounds and when its socket counts as slow. */
export interface SubscriberBounds {
  queueLines: number;
  queueBytes: number;
  /**
   * At or above this many bytes buffered in the socket, entries wait (queued, or in the ring
   * while parked); read at every send, since it may shrink as viewers come.
   */
  readonly highWaterBytes: number;
}

/**
 * One viewer subscription to one container's stream: history first, then live entries, each
 * exactly once and in order. When the viewer's socket is backed up, entries wait in this
 * subscription's own queue so a slow viewer never slows the agent or other viewers.
 *
 * Queue bound and overflow policy: at most `queueLines` entries and `queueBytes` text bytes;
 * past either the oldest queued entries are dropped and a `logs.gap` (subscriber_behind)
 * naming the dropped lines goes out before the entries that follow them. Queued entries are
 * shared with the ring and other queues, so the bytes bound overstates real memory. Past the
 * manager's memory budget the whole queue may be dropped at once (`shedQueue`), with the same gap.
 *
 * A stalled socket (at or above the high-water mark) costs almost nothing per entry: with a
 * `CatchUpSource` the subscription stops queuing and keeps only the seq it is behind from. Once
 * the socket drains it takes what it missed from the topic's ring, after a `subscriber_behind`
 * gap naming exactly what the ring no longer holds.
 *
 * A filtered subscription (`FilteredDelivery`) gets only the entries its filter keeps, history,
 * live and catch-up alike; the lines it skips are summed into one `logs.skipped` report, sent
 * once nothing else waits (so every line up to its `throughSeq` has been sent or counted) and at
 * most once per `reportEveryMs`. Skipped lines are never queued: a filtered viewer of a noisy
 * container holds, and is sent, only what it asked for.
 */
export class Subscriber {
  readonly sub: string;
  readonly conn: Connection;
  readonly #bounds: SubscriberBounds;
  readonly #counters: HubCounters;
  readonly #queue: RingBuffer<LogEntry>;
  // How many entries at the head of the queue are history (sent as logs.history, not batch).
  #historyLeft = 0;
  #historyDone = false;
  #behind: GapRange | undefined;
  // A resuming viewer already has everything below this; live entries below it are skipped.
  #skipBelow: number | undefined;
  #source: CatchUpSource | undefined;
  // Set while parked: the first seq neither sent nor queued, taken from the source once writable.
  #parkedFrom: number | undefined;
  #catchingUp = false;
  #peakBytes = 0;
  #disposed = false;
  // Live lines go as `logs.batch.packed` where a batch allows it (the viewer asked for it).
  readonly #packed: boolean;
  readonly #filter: SubscriptionFilter | undefined;
  readonly #skipped: SkippedReport | undefined;

  constructor(
    sub: string,
    conn: Connection,
    bounds: SubscriberBounds,
    counters: HubCounters,
    meter?: MemoryMeter,
    packed = false,
    filtering?: FilteredDelivery,
  ) {
    this.sub = sub;
    this.#packed = packed;
    this.#filter = filtering?.filter;
    this.#skipped = filtering && new SkippedReport(filtering.clock, filtering.reportEveryMs);
    this.conn = conn;
    this.#counters = counters;
    this.#bounds = bounds;
    this.#queue = new RingBuffer({
      maxItems: bounds.queueLines,
      maxBytes: bounds.queueBytes,
      sizeOf: entryTextBytes,
      ...(meter ? { meter } : {}),
    });
  }

  /**
   * True while something waits to be sent, a skipped-lines report included: the drain ticker
   * keeps calling `drain`.
   */
  get hasBacklog(): boolean {
    return this.#waiting() || (!this.#disposed && this.#skipped?.pending === true);
  }

  /** The filter live entries go through (`deliverFiltered`), or undefined for every entry. */
  get filter(): SubscriptionFilter | undefined {
    return this.#filter;
  }

  get queuedEntries(): number {
    return this.#queue.length;
  }

  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  /**
   * The most text bytes this subscription's queue has held (its high-water mark since the
   * subscription began), for metrics of how far behind a viewer fell: never past `queueBytes`
   * unless one entry alone is larger.
   */
  get peakBytes(): number {
    return this.#peakBytes;
  }

  /** True while stalled: entries are not queued, the subscription catches up from its source. */
  get parked(): boolean {
    return this.#parkedFrom !== undefined;
  }

  /**
   * The start of a subscription taken over mid-stream (`SubscribeRequest.goOn`): its viewer was
   * sent the reply and history by the manager before, and has every entry below `fromSeq`, so
   * only live entries follow, with no `logs.history` frame ahead of them.
   */
  goOn(fromSeq: number, source?: CatchUpSource): void {
    this.#source = source;
    this.#skipBelow = fromSeq;
    this.#historyDone = true;
  }

  /**
   * The start of the subscription, in the same step as the ring snapshot it comes from; with a
   * `source` a stalled socket parks the subscription instead of queuing every entry.
   */
  begin(
    history: readonly LogEntry[],
    evicted: GapRange | undefined,
    skipBelow: number | undefined,
    source?: CatchUpSource,
  ): void {
    this.#source = source;
    if (evicted) {
      this.conn.send(gapFrame(this.sub, evicted, 'ring_evicted'));
      this.#counters.gap('ring_evicted', evicted.count);
    }
    this.#skipBelow = skipBelow;
    for (const entry of this.#keep(history)) {
      this.#historyLeft += 1;
      this.#queue.push(entry, (dropped) => this.#dropped(dropped));
    }
    this.#notePeak();
    this.drain();
  }

  /** Live entries; sent at once when nothing waits and the socket keeps up, queued otherwise. */
  deliver(batches: readonly EncodedBatch[]): void {
    if (this.#disposed) return;
    for (const batch of batches) this.#deliverBatch(batch, firstSeqOf);
    if (this.#waiting() && !this.#catchingUp) this.drain();
  }

  /**
   * Live entries through this subscription's filter, already applied (once for every subscriber
   * of the same filter): what it kept goes as `deliver` sends it, what it skipped is counted.
   * A subscription stalled on a batch catches up from the batch's first seq, skipped lines and
   * all, so those are counted then, not now.
   */
  deliverFiltered(batches: readonly FilteredBatch[]): void {
    if (this.#disposed) return;
    for (const { batch, skipped, fromSeq } of batches) {
      if (this.#parkedFrom !== undefined) continue;
      if (batch !== undefined) this.#deliverBatch(batch, () => fromSeq);
      if (skipped !== undefined && this.#parkedFrom === undefined) this.#skipped?.add(skipped);
    }
    // A report not yet due waits for the drain ticker: no drain pass per batch for it.
    if (!this.#catchingUp && (this.#waiting() || this.#skipped?.due === true)) this.drain();
  }

  // `parkAt` names the seq a stall on this batch catches up from.
  #deliverBatch(batch: EncodedBatch, parkAt: (entry: LogEntry) => number): void {
    const entries = this.#skip(batch.entries);
    if (entries.length === 0) return;
    if (this.#parkedFrom !== undefined) return;
    const writable = this.#writable();
    if (!this.#waiting() && writable) {
      const whole = entries === batch.entries;
      this.conn.send(whole ? this.#wholeBatchFrame(batch) : this.#batchFrame(entries));
      this.#counters.sentToViewer(entries.length, whole ? batch.textBytes : textBytesOf(entries));
      return;
    }
    if (!writable && this.#source) {
      // The ring holds these already; queuing them would only copy the ring, entry by entry.
      this.#parkedFrom = parkAt(entries[0] as LogEntry);
      return;
    }
    for (const entry of entries) this.#queue.push(entry, (dropped) => this.#dropped(dropped));
    this.#notePeak();
  }

  /** Sends what waits, oldest first, while the socket stays under the high-water mark. */
  drain(): void {
    while (!this.#disposed && this.#writable()) {
      if (this.#behind) {
        this.conn.send(gapFrame(this.sub, this.#behind, 'subscriber_behind'));
        this.#counters.gap('subscriber_behind', this.#behind.count);
        this.#behind = undefined;
      } else if (!this.#historyDone) {
        const entries = this.#take(this.#historyLeft);
        this.#historyLeft -= entries.length;
        this.#historyDone = this.#historyLeft === 0;
        this.conn.send(historyFrame(this.sub, JSON.stringify(entries), this.#historyDone));
      } else if (this.#queue.length > 0) {
        this.conn.send(this.#batchFrame(this.#take(this.#queue.length)));
      } else if (this.#parkedFrom !== undefined && this.#source && this.#drained()) {
        this.#unpark(this.#source, this.#parkedFrom);
      } else if (!this.#reportSkipped()) return;
    }
  }

  // Entries still to go out, skipped-lines reports aside.
  #waiting(): boolean {
    return (
      !this.#disposed &&
      (this.#queue.length > 0 ||
        !this.#historyDone ||
        this.#behind !== undefined ||
        this.#parkedFrom !== undefined)
    );
  }

  // What the filter keeps of entries taken from the ring (history, catch-up); the rest is counted.
  #keep(entries: readonly LogEntry[]): readonly LogEntry[] {
    if (this.#filter === undefined) return entries;
    const { kept, skipped } = filterEntries(entries, this.#filter.match);
    if (skipped !== undefined) this.#skipped?.add(skipped);
    return kept;
  }

  // Only with nothing else waiting, so every line up to the report's seq was sent or counted.
  #reportSkipped(): boolean {
    if (this.#parkedFrom !== undefined) return false;
    const skipped = this.#skipped?.take();
    if (skipped === undefined) return false;
    this.conn.send(encodePush('logs.skipped', { sub: this.sub, ...skipped }));
    return true;
  }

  // A batch every subscriber of the topic gets whole: its JSON, plain or packed, is made once.
  #wholeBatchFrame(batch: EncodedBatch): string {
    const packed = this.#packed ? packedJsonOf(batch) : null;
    return packed === null ? batchFrame(this.sub, jsonOf(batch)) : packedBatchFrame(this.sub, packed);
  }

  #batchFrame(entries: LogEntry[]): string {
    const packed = this.#packed ? packedJson(entries) : null;
    return packed === null
      ? batchFrame(this.sub, JSON.stringify(entries))
      : packedBatchFrame(this.sub, packed);
  }

  /** Topic state changes go out at once: they describe the present, not a place in the stream. */
  status(state: TopicState, message?: string): void {
    if (this.#disposed) return;
    this.conn.send(
      encodePush(
        'logs.status',
        message === undefined ? { sub: this.sub, state } : { sub: this.sub, state, message },
      ),
    );
  }

  /**
   * Drops everything queued, as the queue's own overflow does: the viewer hears one
   * `subscriber_behind` gap naming what it missed, before whatever is queued after it.
   */
  shedQueue(): void {
    while (this.#queue.length > 0) this.#dropped(this.#queue.shift() as LogEntry);
  }

  dispose(): void {
    this.#disposed = true;
    this.#parkedFrom = undefined;
    this.#skipped?.clear();
    this.#queue.clear();
  }

  // What the ring no longer holds becomes a gap; the rest goes through the queue (and its
  // bounds) like any backlog. Entries the topic fans out from now on are beyond these.
  #unpark(source: CatchUpSource, fromSeq: number): void {
    // Still parked while the source flushes its pending fan-out: those entries reach this
    // subscription through the ring, not through `deliver`, and no nested drain starts.
    this.#catchingUp = true;
    const { history, evicted } = source.catchUp(fromSeq);
    this.#catchingUp = false;
    this.#parkedFrom = undefined;
    if (evicted) this.#addBehind(evicted);
    for (const entry of this.#keep(history)) this.#queue.push(entry, (dropped) => this.#dropped(dropped));
    this.#notePeak();
  }

  // After pushes only: a push evicts the oldest before it returns, so the queue never holds more.
  #notePeak(): void {
    if (this.#queue.bytes > this.#peakBytes) this.#peakBytes = this.#queue.bytes;
  }

  // A parked subscription catches up only once its socket has taken nearly all it held, not as
  // soon as it is under its allowance: the allowance grows as other viewers leave, and a thousand
  // viewers leaving at once would otherwise send their whole rings into the stalled sockets that
  // remain (measured: 150 MiB of frames within half a second).
  #drained(): boolean {
    return this.conn.bufferedAmount <= UNPARK_BELOW_BYTES;
  }

  // A closing socket may report nothing unsent while it drops everything: not writable, so no
  // parked subscription catches up into it (a thousand viewers leaving at once would otherwise
  // encode their whole rings for nothing).
  #writable(): boolean {
    return this.conn.open && this.conn.bufferedAmount < this.#bounds.highWaterBytes;
  }

  #skip(entries: LogEntry[]): LogEntry[] {
    const from = this.#skipBelow;
    if (from === undefined) return entries;
    const kept = entries.filter((entry) => reachOf(entry) >= from);
    // Entries only move forward: once one reaches fromSeq, all later ones do too.
    if (kept.length > 0) this.#skipBelow = undefined;
    return kept.length === entries.length ? entries : kept;
  }

  // Up to `limit` entries from the head of the queue, within one frame's bounds (at least one);
  // they are sent at once, so they count as sent here, where their sizes are known.
  #take(limit: number): LogEntry[] {
    const out: LogEntry[] = [];
    let bytes = 0;
    while (out.length < Math.min(limit, MAX_BATCH_LINES) && this.#queue.length > 0) {
      const size = this.#queue.sizeAt(0);
      if (out.length > 0 && bytes + size > MAX_BATCH_TEXT_BYTES) break;
      out.push(this.#queue.shift() as LogEntry);
      bytes += size;
    }
    this.#counters.sentToViewer(out.length, bytes);
    return out;
  }

  #dropped(entry: LogEntry): void {
    if (this.#historyLeft > 0) this.#historyLeft -= 1;
    let range: GapRange | undefined;
    if (entry.kind === 'line') range = { fromSeq: entry.seq, toSeq: entry.seq, count: 1 };
    else if (entry.kind === 'gap')
      range = { fromSeq: entry.fromSeq, toSeq: entry.toSeq, count: entry.toSeq - entry.fromSeq + 1 };
    // A dropped restart or end marker has no seq of its own to report; the gap around it says
    // the viewer missed part of the stream.
    if (range) this.#addBehind(range);
  }

  #addBehind(range: GapRange): void {
    const behind = this.#behind;
    this.#behind = behind
      ? {
          fromSeq: Math.min(behind.fromSeq, range.fromSeq),
          toSeq: Math.max(behind.toSeq, range.toSeq),
          count: behind.count + range.count,
        }
      : range;
  }
}
