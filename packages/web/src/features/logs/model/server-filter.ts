import type { LogLineFilter } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import type { FilterSpec } from './log-filter.ts';

/**
 * What of the viewer's filter the manager can apply for it, so lines the view would hide never
 * reach the browser: the stream, the levels (unless lines without one are wanted, which the
 * protocol's filter cannot say), and, when only matching lines are shown, the search. A search
 * the linear engine cannot run (lookaround, backreferences) stays in the browser, where the
 * pattern worker runs it: the manager might refuse it, and the view hides its lines anyway.
 * Undefined when nothing is left to ask for.
 */
export function serverFilterOf(spec: FilterSpec): LogLineFilter | undefined {
  const filter: LogLineFilter = {};
  if (spec.streams !== 'all') filter.streams = [spec.streams];
  if (spec.levels !== null && spec.levels.size > 0 && !spec.levels.has('none')) {
    filter.levels = [...spec.levels].filter((level) => level !== 'none');
  }
  const { query, regex, caseSensitive } = spec.search;
  if (spec.mode === 'only' && query !== '' && compileLinePattern(spec.search, 'linear').ok) {
    filter.pattern = query;
    if (regex) filter.regex = true;
    if (caseSensitive) filter.caseSensitive = true;
  }
  return Object.keys(filter).length === 0 ? undefined : filter;
}
