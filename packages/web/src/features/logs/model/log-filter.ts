import type { LinePatternSpec } from '@bosun/protocol/safe-pattern';
import { mergeRun, sortRun } from './entry-order.ts';
import { compileLineSearch, type LineSearch, NO_SEARCH, type SearchCompiler } from './line-search.ts';
import type { Level, SourceKey, ViewEntry, ViewMarker } from './log-types.ts';

/** What the viewer shows of what it holds: streams, levels, a search and its mode, sources. */
export type FilterSpec = {
  streams: 'all' | 'stdout' | 'stderr';
  /** null shows every level; 'none' stands for lines without a detected level. */
  levels: ReadonlySet<Level | 'none'> | null;
  search: LinePatternSpec;
  /** 'only' hides lines the search does not match; 'highlight' just marks the matches. */
  mode: 'highlight' | 'only';
  /** null shows every source. */
  sources: ReadonlySet<SourceKey> | null;
};

/** Everything shown, nothing searched: the filter of a fresh viewer. */
export const DEFAULT_FILTER: FilterSpec = {
  streams: 'all',
  levels: null,
  search: { query: '', regex: false, caseSensitive: false },
  mode: 'highlight',
  sources: null,
};

// What #judge makes of an entry; plain numbers keep the 100k-line recompute cheap.
const HIDDEN = 0;
const SHOWN = 1;
const MATCH = 2;
type Verdict = typeof HIDDEN | typeof SHOWN | typeof MATCH;

/**
 * The entries of a LogBuffer that pass a filter, in the same order, kept in step incrementally.
 *
 * Feeding it: after `buffer.append(x)` call `applyChange(result, buffer.droppedMarker)`, after
 * `buffer.setMaxLines(n)` the same with the trim result, and after `buffer.clear()` call
 * `rebuild(buffer.entries())`. Eviction is incremental too: the buffer only ever evicts from the
 * top, so the evicted entries that were visible are exactly the first ones here, and removing
 * them costs O(evicted), not a recompute.
 *
 * Markers are always shown (unless they belong to a source filtered out); stream, level and
 * source filters hide lines; the search hides lines only in 'only' mode. An invalid search sets
 * `error` and filters as if the query were empty, so the view does not go blank while typing.
 * `compile` turns the spec's search into a per-line test: by default the shared pattern module
 * on this thread; the viewer passes one answered by its pattern worker (FilterPipeline).
 */
export class FilteredView {
  readonly #compile: SearchCompiler;
  #spec: FilterSpec = DEFAULT_FILTER;
  #search: LineSearch = NO_SEARCH;
  #error: string | null = null;
  #items: ViewEntry[] = [];
  // 1 while the buffer's dropped marker sits at index 0.
  #head = 0;
  #snapshot: readonly ViewEntry[] | null = null;
  #matchCount = 0;
  #version = 0;

  constructor(
    spec: FilterSpec = DEFAULT_FILTER,
    all: readonly ViewEntry[] = [],
    compile: SearchCompiler = compileLineSearch,
  ) {
    this.#compile = compile;
    this.setFilter(spec, all);
  }

  get spec(): FilterSpec {
    return this.#spec;
  }

  /** Why the search is ignored (an invalid regex, a query too long), or null. */
  get error(): string | null {
    return this.#error;
  }

  /** Lines that pass the stream, level and source filters and match a non-empty search. */
  get matchCount(): number {
    return this.#matchCount;
  }

  get version(): number {
    return this.#version;
  }

  /** A new array whenever the view changed, the same one otherwise (React compares references). */
  items(): readonly ViewEntry[] {
    this.#snapshot ??= this.#items.slice();
    return this.#snapshot;
  }

  /** Whether a line matches the current non-empty search; for "next match" navigation. */
  isMatch(entry: ViewEntry): boolean {
    return entry.kind === 'line' && !this.#search.empty && this.#search.matches(entry);
  }

  /** Recomputes over everything: O(n) with one search test per line that passes the rest. */
  setFilter(spec: FilterSpec, all: readonly ViewEntry[]): void {
    this.#spec = spec;
    const compiled = this.#compile(spec.search);
    this.#search = compiled.ok ? compiled.search : NO_SEARCH;
    this.#error = compiled.ok ? null : compiled.message;
    this.rebuild(all);
  }

  /** Recomputes with the current filter, e.g. after the buffer was cleared. */
  rebuild(all: readonly ViewEntry[]): void {
    const items: ViewEntry[] = [];
    let matches = 0;
    this.#head = 0;
    for (const entry of all) {
      if (entry.kind === 'dropped') {
        if (items.length === 0) {
          items.push(entry);
          this.#head = 1;
        }
        continue;
      }
      const verdict = this.#judge(entry);
      if (verdict === HIDDEN) continue;
      if (verdict === MATCH) matches++;
      items.push(entry);
    }
    this.#items = items;
    this.#matchCount = matches;
    this.#changed();
  }

  /** Takes in what the buffer just added (AppendResult.added; `older` for LogBuffer.prependOlder). */
  onAppend(added: readonly ViewEntry[], older = false): void {
    const run: ViewEntry[] = [];
    for (const entry of added) {
      if (entry.kind === 'dropped') continue;
      const verdict = this.#judge(entry);
      if (verdict === HIDDEN) continue;
      if (verdict === MATCH) this.#matchCount++;
      run.push(entry);
    }
    if (run.length === 0) return;
    mergeRun(this.#items, this.#head, sortRun(run), older);
    this.#changed();
  }

  /** Drops what the buffer evicted (TrimResult.removed) and shows its current dropped marker. */
  onEvict(removed: readonly ViewEntry[], dropped: ViewMarker | null): void {
    let changed = this.#setDropped(dropped);
    if (removed.length > 0) {
      const gone = new Set(removed);
      let end = this.#head;
      while (end < this.#items.length && gone.has(this.#items[end] as ViewEntry)) {
        if (this.#judge(this.#items[end] as ViewEntry) === MATCH) this.#matchCount--;
        end++;
      }
      if (end > this.#head) {
        this.#items.splice(this.#head, end - this.#head);
        changed = true;
      }
    }
    if (changed) this.#changed();
  }

  /** Both steps of one buffer change, in the order the buffer made them. */
  applyChange(
    change: { added?: readonly ViewEntry[]; removed: readonly ViewEntry[]; older?: true },
    dropped: ViewMarker | null,
  ): void {
    if (change.added) this.onAppend(change.added, change.older === true);
    this.onEvict(change.removed, dropped);
  }

  #judge(entry: ViewEntry): Verdict {
    const { sources } = this.#spec;
    if (entry.kind !== 'line') {
      return entry.source === null || sources === null || sources.has(entry.source) ? SHOWN : HIDDEN;
    }
    const { streams, levels, mode } = this.#spec;
    if (streams !== 'all' && entry.stream !== streams) return HIDDEN;
    if (levels !== null && !levels.has(entry.level ?? 'none')) return HIDDEN;
    if (sources !== null && !sources.has(entry.source)) return HIDDEN;
    if (this.#search.empty) return SHOWN;
    if (this.#search.matches(entry)) return MATCH;
    return mode === 'only' ? HIDDEN : SHOWN;
  }

  #setDropped(dropped: ViewMarker | null): boolean {
    const current = this.#head === 1 ? this.#items[0] : null;
    if (current === dropped) return false;
    if (dropped === null) {
      this.#items.shift();
      this.#head = 0;
    } else if (current === null) {
      this.#items.unshift(dropped);
      this.#head = 1;
    } else {
      this.#items[0] = dropped;
    }
    return true;
  }

  #changed(): void {
    this.#snapshot = null;
    this.#version++;
  }
}
