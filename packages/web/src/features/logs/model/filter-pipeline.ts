import { compileLinePattern, type MatchRange } from '@bosun/protocol/safe-pattern';
import { compileLineSearch, type SearchCompiler } from './line-search.ts';
import { DEFAULT_FILTER, FilteredView, type FilterSpec } from './log-filter.ts';
import type { ViewEntry, ViewLine, ViewMarker } from './log-types.ts';
import { type PatternStatus, PatternWorkerClient, type StartPatternWorker } from './pattern-worker-client.ts';
import { RegexHighlights } from './regex-highlights.ts';

/** How rows mark the matches of the current search in a text; null when there is no search. */
export type Highlighter = ((text: string) => MatchRange[]) | null;

/** What the page says about the search beyond its error (FilteredView.error). */
export type SearchState = {
  /** A regex is being run over the held lines; the view shows the previous filter meanwhile. */
  searching: boolean;
  /** Why the search runs slower than usual, or null. */
  notice: string | null;
};

/** The notice once a runaway regex was moved to the linear engine. */
export const LINEAR_NOTICE = 'Slow pattern: using the linear engine';

/** What a FilterPipeline reads (the buffer's entries), how it starts pattern workers, whom it tells. */
export type FilterPipelineOptions = {
  /** The LogBuffer's entries now. */
  entries(): readonly ViewEntry[];
  start: StartPatternWorker;
  /** The view, its counts, the search state or the highlighter changed. */
  onChange(): void;
  deadlineMs?: number;
};

type Step = { ready: boolean; apply(): void };

// A pass over 100k lines usually takes tens of milliseconds: saying "searching" for it would cost
// the page a render while it waits, for a word nobody could read.
const SEARCHING_AFTER_MS = 150;

function linesOf(entries: readonly ViewEntry[]): ViewLine[] {
  return entries.filter((entry): entry is ViewLine => entry.kind === 'line');
}

/**
 * Keeps a FilteredView in step with a LogBuffer while regex searches run in the pattern worker,
 * so the page's thread never runs a user's regex: a catastrophic one can stop the worker, never
 * the tab. Substring searches (which cannot backtrack) and the other filters stay synchronous.
 *
 * With a regex, each buffer change waits for the worker's verdicts on its new lines before the
 * view takes it, and changes reach the view in the order the buffer made them; a new filter
 * waits for the verdicts on every held line, the view showing the previous one meanwhile. The
 * verdicts are a set of the matching lines, pruned as the buffer evicts them.
 */
export class FilterPipeline {
  readonly view: FilteredView;
  readonly #entries: () => readonly ViewEntry[];
  readonly #onChange: () => void;
  readonly #client: PatternWorkerClient;
  readonly #highlights: RegexHighlights;
  #spec: FilterSpec = DEFAULT_FILTER;
  #regex = false;
  #failure: string | null = null;
  #matches = new Set<ViewLine>();
  #queue: Step[] = [];
  // Bumped by every new filter: verdicts asked for under an older one are dropped.
  #epoch = 0;
  #searching = false;
  #searchingTimer: ReturnType<typeof setTimeout> | undefined;
  #highlighter: Highlighter = null;

  constructor(options: FilterPipelineOptions) {
    this.#entries = options.entries;
    this.#onChange = options.onChange;
    this.#client = new PatternWorkerClient({
      start: options.start,
      lines: () => linesOf(this.#entries()),
      onStatus: (status) => this.#onStatus(status),
      ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    });
    this.#highlights = new RegexHighlights(
      (texts) => this.#client.ranges(texts),
      () => {
        if (this.#regex) this.#highlighter = this.#regexHighlighter();
        this.#onChange();
      },
    );
    this.view = new FilteredView(DEFAULT_FILTER, [], this.#compile);
  }

  get searchState(): SearchState {
    return {
      searching: this.#searching && this.#searchingTimer === undefined,
      notice: this.#regex && this.#client.status.state === 'linear' ? LINEAR_NOTICE : null,
    };
  }

  /** A new function whenever new ranges came in, so memoised rows render again. */
  get highlighter(): Highlighter {
    return this.#highlighter;
  }

  setFilter(spec: FilterSpec): void {
    this.#spec = spec;
    this.#epoch++;
    this.#queue = [];
    this.#matches = new Set();
    this.#failure = null;
    this.#highlights.reset();
    const checked = spec.search.regex ? compileLinePattern(spec.search, 'native') : null;
    this.#regex = checked?.ok === true && !checked.matcher.empty;
    // A worker that could not start reports the failure right here (#onStatus → #fail).
    this.#client.setPattern(this.#regex ? spec.search : null);
    if (this.#failure !== null) return;
    if (!this.#regex) {
      this.#setSearching(false);
      this.view.setFilter(spec, this.#entries());
      this.#highlighter = this.#plainHighlighter(spec);
      this.#onChange();
      return;
    }
    this.#setSearching(true);
    const snapshot = this.#entries().slice();
    this.#enqueue(linesOf(snapshot), () => {
      this.view.setFilter(spec, snapshot);
      this.#setSearching(false);
      this.#highlighter = this.#regexHighlighter();
    });
  }

  /** Takes in a buffer change (AppendResult or PrependResult, or a TrimResult with `added: []`). */
  applyChange(
    change: { added?: readonly ViewEntry[]; removed: readonly ViewEntry[]; older?: true },
    dropped: ViewMarker | null,
  ): void {
    const added = linesOf(change.added ?? []);
    const removed = linesOf(change.removed);
    this.#client.add(added);
    this.#client.drop(removed);
    this.#enqueue(this.#regex ? added : [], () => {
      this.view.applyChange(change, dropped);
      for (const line of removed) this.#matches.delete(line);
    });
  }

  /** After `buffer.clear()`. */
  reset(): void {
    this.#client.clear();
    this.setFilter(this.#spec);
  }

  dispose(): void {
    this.#epoch++;
    this.#queue = [];
    this.#setSearching(false);
    this.#client.dispose();
  }

  readonly #compile: SearchCompiler = (search) => {
    if (this.#failure !== null) return { ok: false, message: this.#failure };
    if (!this.#regex) return compileLineSearch(search);
    const matches = this.#matches;
    return { ok: true, search: { empty: false, matches: (line) => matches.has(line) } };
  };

  #enqueue(lines: ViewLine[], apply: () => void): void {
    const step: Step = { ready: lines.length === 0, apply };
    this.#queue.push(step);
    if (step.ready) {
      this.#drain();
      return;
    }
    const epoch = this.#epoch;
    void this.#client.judge(lines).then((flags) => {
      if (epoch !== this.#epoch || flags === null) return;
      for (let i = 0; i < flags.length; i++) if (flags[i] === 1) this.#matches.add(lines[i] as ViewLine);
      step.ready = true;
      this.#drain();
    });
  }

  #drain(): void {
    let applied = false;
    while (this.#queue[0]?.ready) {
      this.#queue.shift()?.apply();
      applied = true;
    }
    if (applied) this.#onChange();
  }

  #onStatus(status: PatternStatus): void {
    if (status.state === 'failed') this.#fail(status.message);
    else this.#onChange();
  }

  // The regex cannot run (the linear engine cannot take over a runaway one, or the worker is
  // gone): the view shows the reason as its error and filters as if the search were empty.
  #fail(message: string): void {
    this.#failure = message;
    this.#regex = false;
    this.#epoch++;
    this.#queue = [];
    this.#matches = new Set();
    this.#setSearching(false);
    this.#highlighter = null;
    this.view.setFilter(this.#spec, this.#entries());
    this.#onChange();
  }

  #setSearching(searching: boolean): void {
    clearTimeout(this.#searchingTimer);
    this.#searchingTimer = undefined;
    this.#searching = searching;
    if (!searching) return;
    this.#searchingTimer = setTimeout(() => {
      this.#searchingTimer = undefined;
      this.#onChange();
    }, SEARCHING_AFTER_MS);
  }

  #regexHighlighter(): Highlighter {
    return (text) => this.#highlights.get(text);
  }

  #plainHighlighter(spec: FilterSpec): Highlighter {
    const compiled = compileLinePattern(spec.search);
    return compiled.ok && !compiled.matcher.empty ? compiled.matcher.ranges : null;
  }
}
