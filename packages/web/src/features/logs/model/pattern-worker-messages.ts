import type { LinePatternSpec, MatchRange, RegexEngine } from '@bosun/protocol/safe-pattern';

/**
 * What the viewer tells its pattern worker. The worker answers `judge` and `ranges` in the order
 * they were sent, `progress` meanwhile; `add`, `drop`, `clear` and `pattern` have no answer.
 */
export type ToPatternWorker =
  /** Lines the viewer now holds: their ids and ANSI-free texts, same order. */
  | { type: 'add'; ids: number[]; texts: string[] }
  /** Lines the viewer no longer holds. */
  | { type: 'drop'; ids: number[] }
  | { type: 'clear' }
  /** The regex later requests run, already accepted by JavaScript's parser; null for none. */
  | { type: 'pattern'; spec: LinePatternSpec | null; engine: RegexEngine }
  /** Which of these lines match: one flag per id, 1 for a match. */
  | { type: 'judge'; ticket: number; ids: Float64Array }
  /** Where the pattern matches in each of these texts, for highlighting. */
  | { type: 'ranges'; ticket: number; texts: string[] };

/** What the pattern worker sends back. */
export type FromPatternWorker =
  /** Still working on this request: the viewer's watchdog hears the worker is not stuck. */
  | { type: 'progress'; ticket: number }
  | { type: 'verdicts'; ticket: number; flags: Uint8Array }
  | { type: 'ranges'; ticket: number; ranges: MatchRange[][] };
