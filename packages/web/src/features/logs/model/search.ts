export type SearchSpec = { query: string; regex: boolean; caseSensitive: boolean };

export type SearchRange = [start: number, end: number];

export type CompiledSearch = {
  ok: true;
  empty: boolean;
  test(text: string): boolean;
  /** Sorted, non-overlapping, non-empty ranges of the matches in `text`. */
  ranges(text: string): SearchRange[];
};

export type SearchError = { ok: false; error: string };

export const MAX_QUERY_LENGTH = 1000;

// One line can hold 64 KiB; a one-character query could otherwise produce tens of thousands of
// highlight ranges (and React spans) for a single row. Past this the rest goes unmarked.
export const MAX_RANGES_PER_LINE = 1000;

const EMPTY: CompiledSearch = { ok: true, empty: true, test: () => true, ranges: () => [] };

function regexRanges(global: RegExp, text: string): SearchRange[] {
  const out: SearchRange[] = [];
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

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileRegex(query: string, caseSensitive: boolean): CompiledSearch | SearchError {
  let single: RegExp;
  let global: RegExp;
  try {
    single = new RegExp(query, caseSensitive ? '' : 'i');
    global = new RegExp(query, caseSensitive ? 'g' : 'gi');
  } catch (error) {
    // V8 says "Invalid regular expression: /(/i: Unterminated group"; the pattern and flags the
    // user cannot see add nothing.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^(Invalid regular expression: )\/.*\/[a-z]*: /s, '$1') };
  }
  return {
    ok: true,
    empty: false,
    test: (text) => single.test(text),
    ranges: (text) => regexRanges(global, text),
  };
}

function compileSubstring(query: string, caseSensitive: boolean): CompiledSearch {
  if (caseSensitive) {
    return {
      ok: true,
      empty: false,
      test: (text) => text.includes(query),
      ranges: (text) => substringRanges(text, query),
    };
  }
  const needle = query.toLowerCase();
  // Lower-casing can change a string's length (U+0130 becomes two code units), which would shift
  // the offsets; such rare lines are measured with an escaped case-insensitive regex instead.
  const fallback = new RegExp(escapeRegex(query), 'gi');
  return {
    ok: true,
    empty: false,
    test: (text) => text.toLowerCase().includes(needle),
    ranges: (text) => {
      const lower = text.toLowerCase();
      return lower.length === text.length ? substringRanges(lower, needle) : regexRanges(fallback, text);
    },
  };
}

function substringRanges(text: string, needle: string): SearchRange[] {
  const out: SearchRange[] = [];
  let from = 0;
  while (out.length < MAX_RANGES_PER_LINE) {
    const at = text.indexOf(needle, from);
    if (at < 0) break;
    out.push([at, at + needle.length]);
    from = at + needle.length;
  }
  return out;
}

/**
 * Compiles what the user typed once per change, not per line. Substring mode takes the query
 * literally; regex mode reports a bad pattern as a readable error rather than throwing.
 */
export function compileSearch(spec: SearchSpec): CompiledSearch | SearchError {
  if (spec.query.length > MAX_QUERY_LENGTH) {
    return {
      ok: false,
      error: `Search is too long (at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters)`,
    };
  }
  if (spec.query === '') return EMPTY;
  return spec.regex
    ? compileRegex(spec.query, spec.caseSensitive)
    : compileSubstring(spec.query, spec.caseSensitive);
}
