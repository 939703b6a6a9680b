import { advanceResumeCursor, type LogEntry, MAX_BATCH_LINES, type ResumeCursor } from '@bosun/protocol';
import type { LogStore, LogStreamMeta } from '../ports/log-store.ts';

/** What a tap needs from the topic it is attached to. */
export interface TapSource {
  /** The ring's entries from `fromSeq` on, and the range it no longer holds. */
  catchUp(fromSeq: number): { history: LogEntry[]; evicted: { fromSeq: number } | undefined };
  /** Asks the agent for the stream again; it resumes from the older of the topic's and the tap's cursor. */
  restartStream(): void;
}

/** What a tap counts, summed over every tap for `/metrics`. */
export interface TapCounters {
  stored(lines: number): void;
  refused(lines: number): void;
  /** The tap stopped appending and waits for `resume`, which its owner retries on a timer. */
  paused(): void;
}

/**
 * One retained stream's way into the log store: the topic hands it every batch the agent sends,
 * repeats included, before the topic's own dedup, and the tap appends what is new to the store.
 *
 * Exactly once, in order: the tap appends an entry only when it continues what the tap appended
 * last (a line numbered `lastSeq + 1`, a gap starting there, a marker after it); an entry beyond
 * that leaves a hole and is not appended. On a hole, or when the store refuses a batch (`full`),
 * the tap pauses; `resume` takes the missing entries from the topic's ring when it still holds
 * them, else asks the agent to resend from the tap's cursor (a lossless resume numbers lines the
 * same). The store drops repeats by seq as well, so a batch resent across a restart is harmless.
 * A tap never appends ahead of what the topic received: it sees only the topic's own batches.
 */
export class IngestTap {
  readonly meta: LogStreamMeta;
  readonly #store: LogStore;
  readonly #counters: TapCounters;
  #source: TapSource | undefined;
  // The newest seq appended (a line's, or the last a gap covers); -1 before the first.
  #lastSeq: number;
  #cursor: ResumeCursor | undefined;
  #paused = false;
  // An agent resend was asked for and has not reached the tap's position yet.
  #rewinding = false;

  constructor(meta: LogStreamMeta, store: LogStore, counters: TapCounters, cursor: ResumeCursor | undefined) {
    this.meta = meta;
    this.#store = store;
    this.#counters = counters;
    this.#cursor = cursor;
    this.#lastSeq = cursor?.seq ?? -1;
  }

  /** The newest seq appended to the store, -1 when none. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** After the newest line appended: where the agent resumes for this tap. */
  get cursor(): ResumeCursor | undefined {
    return this.#cursor;
  }

  /** True while the tap appends nothing, waiting for `resume`. */
  get paused(): boolean {
    return this.#paused;
  }

  /** The topic it is attached to, set by the topic; the tap catches up from it. */
  attach(source: TapSource | undefined): void {
    this.#source = source;
  }

  /** A batch as the agent sent it. */
  take(entries: readonly LogEntry[]): void {
    // Paused for the store or a hole: only an asked-for resend may continue the tap.
    if (this.#paused && !this.#rewinding) return;
    const { fresh, hole } = this.#continuation(entries);
    if (fresh.length > 0) {
      if (!this.#append(fresh)) return;
      this.#paused = false;
      this.#rewinding = false;
    }
    if (hole) this.#pause();
  }

  /**
   * Continues a paused tap (or starts one just attached): from the ring when it holds everything
   * after `lastSeq`, else through a resend by the agent. A tap without a cursor takes the ring as
   * it is: there is nothing to resend from.
   */
  resume(): void {
    const source = this.#source;
    if (!source || this.#rewinding) return;
    const { history, evicted } = source.catchUp(this.#lastSeq + 1);
    if (evicted && this.#cursor) {
      this.#pause();
      this.#rewinding = true;
      source.restartStream();
      return;
    }
    if (!this.#cursor) this.#lastSeq = -1;
    this.#paused = false;
    this.take(history);
  }

  /**
   * True while a resend was asked for and has not reached the tap's position: the owner asks
   * again (`resume` after `giveUpRewind`) when it takes too long.
   */
  get rewinding(): boolean {
    return this.#rewinding;
  }

  /** Stops waiting for a resend, so the next `resume` asks again. */
  giveUpRewind(): void {
    this.#rewinding = false;
  }

  #pause(): void {
    this.#paused = true;
    this.#counters.paused();
  }

  // In slices of a batch's size, so a catch-up from the ring is not refused whole by a queue
  // with room for part of it. Refused: the tap holds what was queued and waits for `resume`.
  #append(fresh: LogEntry[]): boolean {
    for (let start = 0; start < fresh.length; start += MAX_BATCH_LINES) {
      const slice =
        start === 0 && fresh.length <= MAX_BATCH_LINES ? fresh : fresh.slice(start, start + MAX_BATCH_LINES);
      if (!this.#appendSlice(slice)) return false;
    }
    return true;
  }

  #appendSlice(fresh: LogEntry[]): boolean {
    const outcome = this.#store.append(this.meta, fresh);
    let lines = 0;
    for (const entry of fresh) if (entry.kind === 'line') lines += 1;
    if (outcome !== 'queued') {
      this.#counters.refused(lines);
      this.#pause();
      this.#rewinding = false;
      return false;
    }
    this.#counters.stored(lines);
    for (const entry of fresh) {
      if (entry.kind === 'line') {
        this.#lastSeq = entry.seq;
        this.#cursor = advanceResumeCursor(this.#cursor, entry);
      } else if (entry.kind === 'gap') this.#lastSeq = Math.max(this.#lastSeq, entry.toSeq);
    }
    return true;
  }

  // The entries continuing the tap's position, up to the first that would leave a hole. A tap
  // without a position (-1) starts at whatever comes first.
  #continuation(entries: readonly LogEntry[]): { fresh: LogEntry[]; hole: boolean } {
    const fresh: LogEntry[] = [];
    let last = this.#lastSeq;
    for (const entry of entries) {
      if (entry.kind === 'line') {
        if (entry.seq <= last) continue;
        if (last >= 0 && entry.seq > last + 1) return { fresh, hole: true };
        last = entry.seq;
        fresh.push(entry);
      } else if (entry.kind === 'gap') {
        if (entry.toSeq <= last) continue;
        if (last >= 0 && entry.fromSeq > last + 1) return { fresh, hole: true };
        fresh.push(entry.fromSeq > last ? entry : { ...entry, fromSeq: last + 1 });
        last = entry.toSeq;
      } else {
        if (entry.afterSeq < last) continue;
        if (last >= 0 && entry.afterSeq > last) return { fresh, hole: true };
        fresh.push(entry);
      }
    }
    return { fresh, hole: false };
  }
}
