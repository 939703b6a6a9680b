import type { EngineChoice, LinePatternSpec, PatternResult } from './line-matcher.ts';
import { compileLinear } from './linear-regex.ts';
import { compileNative } from './native-regex.ts';
import { EVERYTHING, substringMatcher } from './substring-matcher.ts';

/** Longer queries are refused: a query is typed, or comes from a link, never generated. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Compiles what the user typed, once per change, not per line: substring mode takes the query
 * literally; regex mode reads JavaScript's syntax (no flags: the case toggle is the only one) and
 * reports a bad pattern as `{ok: false, message}` rather than throwing. Every user-supplied
 * pattern in bosun goes through here, so that none can hang the process that runs it.
 */
export function compileLinePattern(spec: LinePatternSpec, engine: EngineChoice = 'auto'): PatternResult {
  if (spec.query.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      message: `The search is too long (at most ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} characters)`,
    };
  }
  if (spec.query === '') return { ok: true, matcher: EVERYTHING };
  if (!spec.regex) return { ok: true, matcher: substringMatcher(spec.query, spec.caseSensitive) };
  // JavaScript's parser is the judge of syntax whichever engine runs the pattern, so a pattern
  // is valid or not in the same way everywhere. Compiling never backtracks; only matching does.
  const native = compileNative(spec.query, spec.caseSensitive);
  if (!native.ok) return native;
  if (engine === 'native' || (engine === 'auto' && native.guarded))
    return { ok: true, matcher: native.matcher };
  return compileLinear(spec.query, spec.caseSensitive);
}
