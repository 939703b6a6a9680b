import { type LineMatcher, MAX_RANGES_PER_LINE, type MatchRange } from './line-matcher.ts';

/** A pattern compiled by the runtime's RegExp, and whether the runtime stops it backtracking. */
export type NativeResult =
  | { ok: true; matcher: LineMatcher; guarded: boolean }
  | { ok: false; message: string };

/**
 * The match ranges of a global regex in `text`: non-empty, in order, at most MAX_RANGES_PER_LINE.
 * `global` must carry the `g` flag; its lastIndex is reset here.
 */
export function regexRanges(global: RegExp, text: string): MatchRange[] {
  const out: MatchRange[] = [];
  global.lastIndex = 0;
  while (out.length < MAX_RANGES_PER_LINE) {
    const match = global.exec(text);
    if (match === null) break;
    const start = match.index;
    const end = start + match[0].length;
    // An empty match would match again at the same place forever: step past it, and do not
    // report it, since there is nothing to highlight.
    if (end === start) {
      if (start >= text.length) break;
      global.lastIndex = start + 1;
      continue;
    }
    out.push([start, end]);
  }
  return out;
}

/**
 * Whether V8 will finish this pattern on any input. Node runs bosun with
 * --enable-experimental-regexp-engine-on-excessive-backtracks (a match that backtracks too much
 * starts over on V8's linear engine) and --enable-experimental-regexp-engine, which adds the `l`
 * flag; V8 accepts `l` only for a pattern its linear engine can run (no backreferences, no
 * lookahead, no `i` or `u` flag, no large counted repetition), which is exactly when that fallback
 * can take over. Browsers and Workers know no `l` flag, so nothing is guarded there.
 */
function linearFallbackCovers(source: string, flags: string): boolean {
  try {
    new RegExp(source, `${flags}l`);
    return true;
  } catch {
    // "Invalid flags" (no such flag in this runtime) or "Cannot be executed in linear time".
    return false;
  }
}

/** Compiles a pattern with the runtime's RegExp; the error message is JavaScript's own. */
export function compileNative(query: string, caseSensitive: boolean): NativeResult {
  const flags = caseSensitive ? '' : 'i';
  let single: RegExp;
  let global: RegExp;
  try {
    single = new RegExp(query, flags);
    global = new RegExp(query, `${flags}g`);
  } catch (error) {
    // V8 says "Invalid regular expression: /(/i: Unterminated group"; the pattern and flags the
    // user cannot see add nothing.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: message.replace(/^(Invalid regular expression: )\/.*\/[a-z]*: /s, '$1') };
  }
  return {
    ok: true,
    guarded: linearFallbackCovers(query, flags),
    matcher: {
      empty: false,
      runsOn: 'native',
      test: (text) => single.test(text),
      ranges: (text) => regexRanges(global, text),
    },
  };
}
