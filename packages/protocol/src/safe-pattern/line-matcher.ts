/** A search as a person types it: the text, whether it is a regular expression, and the case toggle. */
export type LinePatternSpec = { query: string; regex: boolean; caseSensitive: boolean };

/** Where a match starts and ends in a line, in UTF-16 code units (`end` excluded). */
export type MatchRange = [start: number, end: number];

/** The engines a regular expression can run on: the runtime's own `RegExp`, or re2js. */
export type RegexEngine = 'native' | 'linear';

/**
 * Which engine a regular expression runs on.
 * - `auto`: the runtime's `RegExp` where the runtime itself stops a runaway match (V8 started by
 *   bosun's Node entry, whose linear fallback covers the pattern), the linear engine everywhere
 *   else. Safe in every runtime; what the CLI and the manager use.
 * - `native`: the runtime's `RegExp`, unguarded. Only for a caller that can stop a match that
 *   never ends: the viewer runs it in a worker it terminates.
 * - `linear`: re2js, linear in the line's length whatever the pattern.
 */
export type EngineChoice = 'auto' | RegexEngine;

/** A compiled search: ask it per line. It holds no state between calls. */
export type LineMatcher = {
  /** True for an empty query, which matches every line and marks nothing. */
  readonly empty: boolean;
  /** What does the matching: plain substring search (no engine needed) or a regex engine. */
  readonly runsOn: 'substring' | RegexEngine;
  test(line: string): boolean;
  /** Sorted, non-overlapping, non-empty ranges of the matches, at most MAX_RANGES_PER_LINE. */
  ranges(line: string): MatchRange[];
};

/** A compiled search, or why the query cannot be one (one sentence, ready to show). */
export type PatternResult = { ok: true; matcher: LineMatcher } | { ok: false; message: string };

// One line can hold 64 KiB; a one-character query could otherwise produce tens of thousands of
// highlight ranges for a single line. Past this the rest goes unmarked.
/** The most ranges `ranges` returns for one line. */
export const MAX_RANGES_PER_LINE = 1000;
