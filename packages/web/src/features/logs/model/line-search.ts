import { compileLinePattern, type LinePatternSpec } from '@bosun/protocol/safe-pattern';
import type { ViewLine } from './log-types.ts';

/** What FilteredView asks of a search, per line. */
export type LineSearch = {
  /** An empty search matches every line and hides nothing. */
  readonly empty: boolean;
  matches(line: ViewLine): boolean;
};

/** Turns the search of a FilterSpec into a LineSearch, or the sentence saying why it cannot. */
export type SearchCompiler = (
  spec: LinePatternSpec,
) => { ok: true; search: LineSearch } | { ok: false; message: string };

/** The search that hides nothing: an empty query, or an invalid one while it is being fixed. */
export const NO_SEARCH: LineSearch = { empty: true, matches: () => true };

/**
 * The shared pattern module on the calling thread, on its `auto` engine: safe anywhere, since
 * in a browser `auto` means the linear engine. The viewer's regex searches go to its pattern
 * worker instead (FilterPipeline), where V8's own engine can run at full speed.
 */
export const compileLineSearch: SearchCompiler = (spec) => {
  const compiled = compileLinePattern(spec);
  if (!compiled.ok) return compiled;
  const { matcher } = compiled;
  return { ok: true, search: { empty: matcher.empty, matches: (line) => matcher.test(line.plain) } };
};
