import { type LineMatcher, MAX_RANGES_PER_LINE, type MatchRange } from './line-matcher.ts';
import { regexRanges } from './native-regex.ts';

/** The matcher of the empty query: every line matches, nothing is marked. */
export const EVERYTHING: LineMatcher = {
  empty: true,
  runsOn: 'substring',
  test: () => true,
  ranges: () => [],
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function substringRanges(text: string, needle: string): MatchRange[] {
  const out: MatchRange[] = [];
  let from = 0;
  while (out.length < MAX_RANGES_PER_LINE) {
    const at = text.indexOf(needle, from);
    if (at < 0) break;
    out.push([at, at + needle.length]);
    from = at + needle.length;
  }
  return out;
}

/** Finds `query` literally; linear in the line's length, so it runs anywhere, any engine aside. */
export function substringMatcher(query: string, caseSensitive: boolean): LineMatcher {
  if (caseSensitive) {
    return {
      empty: false,
      runsOn: 'substring',
      test: (text) => text.includes(query),
      ranges: (text) => substringRanges(text, query),
    };
  }
  const needle = query.toLowerCase();
  // Lower-casing can change a string's length (U+0130 becomes two code units), which would shift
  // the offsets; such rare lines are measured with an escaped case-insensitive regex instead. An
  // escaped literal has nothing to backtrack over.
  const fallback = new RegExp(escapeRegex(query), 'gi');
  return {
    empty: false,
    runsOn: 'substring',
    test: (text) => text.toLowerCase().includes(needle),
    ranges: (text) => {
      const lower = text.toLowerCase();
      return lower.length === text.length ? substringRanges(lower, needle) : regexRanges(fallback, text);
    },
  };
}
