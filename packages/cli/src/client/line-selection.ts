import { compileLineFilter, type LogLine, type LogLineFilter, type LogStream } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import type { LevelChoice } from './fleet-tail/line-filters.ts';
import type { LineFilter } from './grep-filter.ts';

/**
 * Which lines `bosun logs` prints, and which the manager is asked to send. `keep` is the exact
 * choice (`--grep` on the text as written, `--stream`, `--level`), applied to every line printed.
 * `filter` is what the live subscription asks the manager to apply first, always a superset of
 * `keep` (the manager's pattern also matches the text as written), or undefined when nothing is
 * worth asking. `sent` is that filter on this side: the lines a filtering manager sends. History
 * and live are told apart by counting only those, so the count agrees whether the manager
 * filtered or (an older one) sent every line.
 */
export type LineSelection = { keep: LineFilter; filter: LogLineFilter | undefined; sent: LineFilter };

/** What the command line chose, already checked. */
export type SelectionOptions = {
  grep?: { pattern: string; caseSensitive: boolean };
  stream?: LogStream;
  levels?: ReadonlySet<LevelChoice>;
};

/**
 * The subscription filter for what the command line chose. `--level none` (lines without a
 * level) has no filter form, so with it the levels are left to `keep`; so is a `--grep` only a
 * backtracking engine can run (lookahead, say).
 */
export function selectionFilter(options: SelectionOptions): LogLineFilter | undefined {
  const filter: LogLineFilter = {};
  // A pattern the linear engine cannot run could be refused by a manager that runs it there; it
  // stays here, where it was accepted.
  const grep = options.grep;
  if (
    grep &&
    compileLinePattern({ query: grep.pattern, regex: true, caseSensitive: grep.caseSensitive }, 'linear').ok
  ) {
    filter.pattern = grep.pattern;
    filter.regex = true;
    if (grep.caseSensitive) filter.caseSensitive = true;
  }
  if (options.stream) filter.streams = [options.stream];
  const levels = options.levels;
  if (levels && !levels.has('none')) {
    filter.levels = [...levels].filter((level): level is Exclude<LevelChoice, 'none'> => level !== 'none');
  }
  return Object.keys(filter).length === 0 ? undefined : filter;
}

/** A selection printing what `keep` keeps, asking the manager for `filter` first. */
export function lineSelection(keep: LineFilter, filter: LogLineFilter | undefined): LineSelection {
  if (filter === undefined) return { keep, filter, sent: () => true };
  const match = compileLineFilter(filter);
  return { keep, filter, sent: (line: LogLine) => match(line) };
}
