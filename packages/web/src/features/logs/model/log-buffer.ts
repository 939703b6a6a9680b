import { mergeRun, sortRun } from './entry-order.ts';
import type { SourceKey, ViewEntry, ViewMarker } from './log-types.ts';
import { droppedText } from './marker-text.ts';

/** Lines a view keeps when the user has not chosen another limit. */
export const DEFAULT_MAX_LINES = 100_000;
/**
 * Markers a view keeps. Markers do not count toward maxLines, but a container crash-looping
 * without output makes nothing but restart markers; they get their own bound so they cannot grow
 * without one.
 */
export const DEFAULT_MAX_MARKERS = 10_000;

/** The id of the one dropped marker: ids from the UI's counter are positive, so it cannot clash. */
export const DROPPED_MARKER_ID = -1;

/** Bounds of a LogBuffer; `maxMarkers` defaults to DEFAULT_MAX_MARKERS. */
export type LogBufferOptions = { maxLines: number; maxMarkers?: number };

/** What an eviction took from the top of the view: count and entries, oldest first. */
export type TrimResult = { evicted: number; removed: ViewEntry[] };

/**
 * `added` holds the entries taken in, in the order given (`dropped` markers left out); see
 * FilteredView. `older` marks entries paged in from before what is held (`prependOlder`).
 */
export type AppendResult = TrimResult & { added: ViewEntry[]; older?: true };

/** What `prependOlder` did: the entries taken in, and the lines left out for want of room. */
export type PrependResult = AppendResult & { older: true; refused: number };

function nothingRemoved(): TrimResult {
  return { evicted: 0, removed: [] };
}

function checkLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

/**
 * Every entry the browser holds for the open view, in display order (see entry-order.ts).
 *
 * Bounds and overflow: at most `maxLines` lines and `maxMarkers` markers. Past either, the oldest
 * entries go from the top, and one `dropped` marker kept at index 0 says how many lines went in
 * total.
 *
 * It holds every entry it is given: whether an entry is new is decided once, before it is
 * decoded, by the source's SourceCursor in LogSession (see source-cursor.ts).
 */
export class LogBuffer {
  #entries: ViewEntry[] = [];
  // 1 while the dropped marker sits at index 0; ordering and eviction start here.
  #head = 0;
  #maxLines: number;
  readonly #maxMarkers: number;
  #lineCount = 0;
  #markerCount = 0;
  #droppedCount = 0;
  #version = 0;
  readonly #lastKey = new Map<SourceKey, bigint>();

  constructor(options: LogBufferOptions) {
    this.#maxLines = checkLimit('maxLines', options.maxLines);
    this.#maxMarkers = checkLimit('maxMarkers', options.maxMarkers ?? DEFAULT_MAX_MARKERS);
  }

  /** Lines held now (markers aside). */
  get lineCount(): number {
    return this.#lineCount;
  }

  /** Lines evicted since the last clear(). */
  get droppedCount(): number {
    return this.#droppedCount;
  }

  /** The line limit in force. */
  get maxLines(): number {
    return this.#maxLines;
  }

  /** Bumped on every change. entries() is the same array mutated in place, so watch this. */
  get version(): number {
    return this.#version;
  }

  /** The "N older lines dropped" marker at the top, once anything was evicted. */
  get droppedMarker(): ViewMarker | null {
    return this.#head === 1 ? (this.#entries[0] as ViewMarker) : null;
  }

  /** Everything held, in display order (the dropped marker first when there is one). */
  entries(): readonly ViewEntry[] {
    return this.#entries;
  }

  /** Takes entries in, each in its place in display order, then evicts what is over the bounds. */
  append(items: readonly ViewEntry[]): AppendResult {
    const added: ViewEntry[] = [];
    for (const item of items) {
      // Only the buffer makes dropped markers.
      if (item.kind === 'dropped') continue;
      if (item.kind === 'line') this.#lineCount++;
      else this.#markerCount++;
      added.push(this.#placed(item));
    }
    if (added.length === 0) return { added, ...nothingRemoved() };
    mergeRun(this.#entries, this.#head, sortRun([...added]));
    const trimmed = this.#trim();
    this.#version++;
    return { added, ...trimmed };
  }

  /** Lines that can still come in before the oldest are evicted. */
  get room(): number {
    return Math.max(0, this.#maxLines - this.#lineCount);
  }

  /**
   * Takes in entries older than what is held of their source (a page of stored lines), above it.
   * They never evict held lines: past `room`, the oldest of them are left out (`refused`), so
   * scrolling back cannot push out what the reader came from. A source's ordering floor is left
   * as it is, except for a source nothing was held of, whose floor becomes its newest entry here.
   */
  prependOlder(items: readonly ViewEntry[]): PrependResult {
    const run = sortRun(items.filter((item) => item.kind !== 'dropped'));
    const lines = run.filter((item) => item.kind === 'line').length;
    const refused = Math.max(0, lines - this.room);
    // Past the refused lines, and past the markers older than the oldest line kept.
    let start = 0;
    for (let left = refused; left > 0 && start < run.length; start++) {
      if (run[start]?.kind === 'line') left--;
    }
    const kept = refused === lines ? [] : run.slice(start);
    if (kept.length === 0) return { added: [], older: true, refused, ...nothingRemoved() };
    const newest = new Map<SourceKey, bigint>();
    for (const item of kept) {
      if (item.kind === 'line') this.#lineCount++;
      else this.#markerCount++;
      if (item.source !== null) newest.set(item.source, item.tsKey);
    }
    for (const [source, key] of newest) if (!this.#lastKey.has(source)) this.#lastKey.set(source, key);
    mergeRun(this.#entries, this.#head, kept, true);
    const trimmed = this.#trim();
    this.#version++;
    return { added: kept, older: true, refused, ...trimmed };
  }

  /** Applies a new limit at once; what no longer fits is evicted like on append. */
  setMaxLines(maxLines: number): TrimResult {
    const next = checkLimit('maxLines', maxLines);
    if (next === this.#maxLines) return nothingRemoved();
    this.#maxLines = next;
    const trimmed = this.#trim();
    // The dropped marker names the limit.
    if (trimmed.evicted === 0 && this.#droppedCount > 0) this.#setDroppedMarker();
    this.#version++;
    return trimmed;
  }

  /**
   * Empties the view. Each source's ordering floor is kept, so its next entries still never sort
   * before ones it sent earlier.
   */
  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#lineCount = 0;
    this.#markerCount = 0;
    this.#droppedCount = 0;
    this.#version++;
  }

  /**
   * Forgets a source's ordering floor, so its next entries are placed by their own time: for
   * when its stream starts over (LogSession's 'reset': the container was recreated, or the
   * manager lost its cursor). Held lines stay.
   */
  forgetSource(source: SourceKey): void {
    this.#lastKey.delete(source);
  }

  // Fixes an entry's ordering key: never before its source's previous entry (Docker's clock can
  // step back, and one source must keep its order), and a marker without a time right after its
  // source's last entry, or at the very end when the source has none.
  #placed(item: ViewEntry): ViewEntry {
    const floor = item.source === null ? undefined : this.#lastKey.get(item.source);
    let key = item.tsKey;
    if (item.kind !== 'line' && item.ts === null) {
      key = floor ?? this.#tailKey();
    } else {
      if (floor !== undefined && key < floor) key = floor;
      if (item.source !== null) this.#lastKey.set(item.source, key);
    }
    return key === item.tsKey ? item : { ...item, tsKey: key };
  }

  #tailKey(): bigint {
    return this.#entries.length > this.#head ? (this.#entries.at(-1) as ViewEntry).tsKey : 0n;
  }

  #trim(): TrimResult {
    let excessLines = this.#lineCount - this.#maxLines;
    let excessMarkers = this.#markerCount - this.#maxMarkers;
    if (excessLines <= 0 && excessMarkers <= 0) return nothingRemoved();
    let end = this.#head;
    let lines = 0;
    while (end < this.#entries.length && (excessLines > 0 || excessMarkers > 0)) {
      const entry = this.#entries[end++] as ViewEntry;
      if (entry.kind === 'line') {
        lines++;
        excessLines--;
      } else {
        excessMarkers--;
      }
    }
    const removed = this.#entries.splice(this.#head, end - this.#head);
    this.#lineCount -= lines;
    this.#markerCount -= removed.length - lines;
    if (lines > 0) {
      this.#droppedCount += lines;
      this.#setDroppedMarker();
    }
    return { evicted: removed.length, removed };
  }

  // A new object each time so that React sees the change.
  #setDroppedMarker(): void {
    const marker: ViewMarker = {
      kind: 'dropped',
      id: DROPPED_MARKER_ID,
      source: null,
      ts: null,
      tsKey: 0n,
      text: droppedText(this.#droppedCount, this.#maxLines),
    };
    if (this.#head === 1) {
      this.#entries[0] = marker;
    } else {
      this.#entries.unshift(marker);
      this.#head = 1;
    }
  }
}
