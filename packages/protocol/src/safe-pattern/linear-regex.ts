import { RE2JS } from 're2js';
import type { PatternResult } from './line-matcher.ts';
import { MAX_RANGES_PER_LINE, type MatchRange } from './line-matcher.ts';

/**
 * What a linear engine cannot do and re2js would not say clearly: lookahead is refused with
 * "invalid or unsupported Perl syntax", and its translation of JavaScript syntax turns `\k<name>`
 * into the letters "k<name>" without a word. Scans the pattern outside character classes.
 */
function needsBacktracking(query: string): string | null {
  let inClass = false;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '\\') {
      const next = query[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && query[i + 2] === '<'))) {
        return 'backreferences (\\1, \\k<name>)';
      }
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(' && query[i + 1] === '?' && (query[i + 2] === '=' || query[i + 2] === '!')) {
      return 'lookahead ((?=…), (?!…))';
    }
  }
  return null;
}

/**
 * Compiles a pattern, already checked by JavaScript's parser, for re2js: its translation of
 * JavaScript's escapes (`\uXXXX`, `\cX`, `[^]`, named groups), then RE2's syntax and semantics.
 * Lookbehind is allowed (re2js runs it in linear time); lookahead and backreferences are not.
 */
export function compileLinear(query: string, caseSensitive: boolean): PatternResult {
  const missing = needsBacktracking(query);
  if (missing !== null) {
    return { ok: false, message: `The linear regex engine cannot run ${missing}` };
  }
  let re: RE2JS;
  try {
    const flags = RE2JS.LOOKBEHINDS | (caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    re = RE2JS.compile(RE2JS.translateRegExp(query), flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: `The linear regex engine cannot run this pattern: ${reason.replace(/^error parsing regexp: /, '')}`,
    };
  }
  return {
    ok: true,
    matcher: {
      empty: false,
      runsOn: 'linear',
      test: (text) => re.test(text),
      ranges: (text) => {
        const out: MatchRange[] = [];
        for (const match of re.matchAll(text)) {
          const start = match.index ?? 0;
          const end = start + match[0].length;
          // Empty matches mark nothing; re2js steps past them itself.
          if (end > start) out.push([start, end]);
          if (out.length >= MAX_RANGES_PER_LINE) break;
        }
        return out;
      },
    },
  };
}
