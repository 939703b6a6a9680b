import { describe, expect, it } from 'vitest';
import {
  type EngineChoice,
  type LineMatcher,
  type LinePatternSpec,
  MAX_RANGES_PER_LINE,
} from './line-matcher.ts';
import { compileLinePattern } from './line-pattern.ts';

function compiled(spec: Partial<LinePatternSpec> & { query: string }, engine?: EngineChoice): LineMatcher {
  const result = compileLinePattern({ regex: false, caseSensitive: false, ...spec }, engine);
  if (!result.ok) throw new Error(result.message);
  return result.matcher;
}

describe('compileLinePattern, substring and the rules every engine shares', () => {
  it('matches everything and marks nothing for an empty query', () => {
    const search = compiled({ query: '' });
    expect(search.empty).toBe(true);
    expect(search.test('anything')).toBe(true);
    expect(search.ranges('anything')).toEqual([]);
  });

  it('finds substrings regardless of case by default', () => {
    const search = compiled({ query: 'Err' });
    expect(search.empty).toBe(false);
    expect(search.runsOn).toBe('substring');
    expect(search.test('an ERROR here')).toBe(true);
    expect(search.test('all fine')).toBe(false);
    expect(search.ranges('err, ERR and eRr')).toEqual([
      [0, 3],
      [5, 8],
      [13, 16],
    ]);
  });

  it('respects case when asked', () => {
    const search = compiled({ query: 'Err', caseSensitive: true });
    expect(search.test('ERROR')).toBe(false);
    expect(search.ranges('Err err Err')).toEqual([
      [0, 3],
      [8, 11],
    ]);
  });

  it('takes regex characters literally in substring mode', () => {
    const search = compiled({ query: 'a.b(' });
    expect(search.test('xa.b(y')).toBe(true);
    expect(search.test('axb(')).toBe(false);
  });

  it('keeps offsets right when lower-casing changes the length', () => {
    const search = compiled({ query: 'x' });
    expect(search.ranges('\u0130x')).toEqual([[1, 2]]);
  });

  it('reports an invalid pattern in JavaScript words, whatever the engine', () => {
    for (const engine of ['auto', 'native', 'linear'] as const) {
      const result = compileLinePattern({ query: 'a(b', regex: true, caseSensitive: false }, engine);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toBe('Invalid regular expression: Unterminated group');
      }
    }
  });

  it('refuses a query over 1,000 characters', () => {
    expect(compileLinePattern({ query: 'a'.repeat(1000), regex: false, caseSensitive: false }).ok).toBe(true);
    const result = compileLinePattern({ query: 'a'.repeat(1001), regex: true, caseSensitive: false });
    expect(result).toEqual({ ok: false, message: 'The search is too long (at most 1,000 characters)' });
  });

  it('bounds the ranges of one line', () => {
    const text = 'a'.repeat(MAX_RANGES_PER_LINE * 2);
    expect(compiled({ query: 'a' }).ranges(text)).toHaveLength(MAX_RANGES_PER_LINE);
    for (const engine of ['native', 'linear'] as const) {
      expect(compiled({ query: 'a', regex: true }, engine).ranges(text)).toHaveLength(MAX_RANGES_PER_LINE);
    }
  });
});

describe.each(['native', 'linear'] as const)('compileLinePattern on the %s engine', (engine) => {
  it('runs on that engine', () => {
    expect(compiled({ query: 'a', regex: true }, engine).runsOn).toBe(engine);
  });

  it('searches with regular expressions', () => {
    const search = compiled({ query: 'id=\\d+', regex: true }, engine);
    expect(search.test('user ID=42')).toBe(true);
    expect(search.ranges('id=1 id=22')).toEqual([
      [0, 4],
      [5, 10],
    ]);
    expect(search.ranges('ID=7')).toEqual([[0, 4]]);
    expect(compiled({ query: 'id=\\d+', regex: true, caseSensitive: true }, engine).test('ID=7')).toBe(false);
  });

  it('does not loop on patterns that match the empty string', () => {
    const search = compiled({ query: 'x*', regex: true }, engine);
    expect(search.ranges('axxbx')).toEqual([
      [1, 3],
      [4, 5],
    ]);
    expect(compiled({ query: '^', regex: true }, engine).ranges('abc')).toEqual([]);
    expect(compiled({ query: '(?:)', regex: true }, engine).ranges('')).toEqual([]);
  });

  it('gives the same answer when tested repeatedly', () => {
    const search = compiled({ query: 'a', regex: true }, engine);
    expect([search.test('a'), search.test('a'), search.test('a')]).toEqual([true, true, true]);
  });

  it('reads the JavaScript syntax people type', () => {
    const line = 'GET /api/items/942 200 12ms user=Ann id:\u00e9t\u00e9';
    const cases: Array<[string, boolean]> = [
      ['GET /api/items/9\\d+', true],
      ['^GET\\s/api', true],
      ['\\b200\\b', true],
      ['(?<verb>GET|POST) /api', true],
      ['\\u00e9t\\u00e9', true],
      ['[^]ms', true],
      ['(?<=user=)ann', true],
      ['12ms$', false],
      ['\\x41nn', true],
      ['items/9[3-5]', true],
    ];
    for (const [query, expected] of cases) {
      expect({ query, matched: compiled({ query, regex: true }, engine).test(line) }).toEqual({
        query,
        matched: expected,
      });
    }
  });
});

describe('compileLinePattern on the linear engine', () => {
  // A backtracking engine tries 2^n ways to split the a's before giving up on the final b.
  const catastrophic = `${'a'.repeat(100 * 1024 - 1)}b`;

  it('finishes (a+)+$ on a 100 KiB line of a followed by b, with or without case', () => {
    expect(compiled({ query: '(a+)+$', regex: true, caseSensitive: true }, 'linear').test(catastrophic)).toBe(
      false,
    );
    const search = compiled({ query: '(a+)+$', regex: true }, 'linear');
    expect(search.test(catastrophic)).toBe(false);
    expect(search.ranges(catastrophic)).toEqual([]);
    expect(search.test(`${catastrophic}a`)).toBe(true);
  });

  it('refuses lookahead and backreferences with a sentence saying so', () => {
    const refused = (query: string) => {
      const result = compileLinePattern({ query, regex: true, caseSensitive: false }, 'linear');
      return result.ok ? null : result.message;
    };
    expect(refused('a(?=b)')).toBe('The linear regex engine cannot run lookahead ((?=…), (?!…))');
    expect(refused('a(?!b)')).toBe('The linear regex engine cannot run lookahead ((?=…), (?!…))');
    expect(refused('(a)\\1')).toBe('The linear regex engine cannot run backreferences (\\1, \\k<name>)');
    expect(refused('(?<x>a)\\k<x>')).toBe(
      'The linear regex engine cannot run backreferences (\\1, \\k<name>)',
    );
    expect(refused('[(?=]\\[1]')).toBeNull();
    expect(refused('a{2000}')).toBe(
      'The linear regex engine cannot run this pattern: invalid repeat count: `{2000}`',
    );
  });
});

describe('compileLinePattern, auto', () => {
  // Test processes run without bosun's V8 flags, as a browser or Workers would: auto must then
  // never hand a regex to the runtime's backtracking engine. The flagged case is tested in the
  // CLI, whose entry sets the flags.
  it('uses the linear engine where the runtime does not guard its RegExp', () => {
    expect(compiled({ query: '(a+)+$', regex: true, caseSensitive: true }).runsOn).toBe('linear');
  });

  it('still reads substring searches without an engine', () => {
    expect(compiled({ query: '(a+)+$' }).runsOn).toBe('substring');
  });
});
