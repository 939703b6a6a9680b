import { describe, expect, it } from 'vitest';
import { type CompiledSearch, compileSearch, MAX_RANGES_PER_LINE, type SearchSpec } from './search.ts';

function compiled(spec: Partial<SearchSpec> & { query: string }): CompiledSearch {
  const result = compileSearch({ regex: false, caseSensitive: false, ...spec });
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('compileSearch', () => {
  it('matches everything and marks nothing for an empty query', () => {
    const search = compiled({ query: '' });
    expect(search.empty).toBe(true);
    expect(search.test('anything')).toBe(true);
    expect(search.ranges('anything')).toEqual([]);
  });

  it('finds substrings regardless of case by default', () => {
    const search = compiled({ query: 'Err' });
    expect(search.empty).toBe(false);
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

  it('searches with regular expressions', () => {
    const search = compiled({ query: 'id=\\d+', regex: true });
    expect(search.test('user ID=42')).toBe(true);
    expect(search.ranges('id=1 id=22')).toEqual([
      [0, 4],
      [5, 10],
    ]);
    expect(search.ranges('ID=7')).toEqual([[0, 4]]);
  });

  it('does not loop on patterns that match the empty string', () => {
    const search = compiled({ query: 'x*', regex: true });
    expect(search.ranges('axxbx')).toEqual([
      [1, 3],
      [4, 5],
    ]);
    expect(compiled({ query: '^', regex: true }).ranges('abc')).toEqual([]);
    expect(compiled({ query: '(?:)', regex: true }).ranges('')).toEqual([]);
  });

  it('gives the same answer when tested repeatedly', () => {
    const search = compiled({ query: 'a', regex: true });
    expect([search.test('a'), search.test('a'), search.test('a')]).toEqual([true, true, true]);
  });

  it('reports an invalid pattern readably', () => {
    const result = compileSearch({ query: 'a(b', regex: true, caseSensitive: false });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^Invalid regular expression: /);
      expect(result.error).not.toContain('/a(b/');
    }
  });

  it('refuses a query over 1,000 characters', () => {
    expect(compileSearch({ query: 'a'.repeat(1000), regex: false, caseSensitive: false }).ok).toBe(true);
    const result = compileSearch({ query: 'a'.repeat(1001), regex: false, caseSensitive: false });
    expect(result).toEqual({ ok: false, error: 'Search is too long (at most 1,000 characters)' });
  });

  it('bounds the ranges of one line', () => {
    const text = 'a'.repeat(MAX_RANGES_PER_LINE * 2);
    expect(compiled({ query: 'a' }).ranges(text)).toHaveLength(MAX_RANGES_PER_LINE);
    expect(compiled({ query: 'a', regex: true }).ranges(text)).toHaveLength(MAX_RANGES_PER_LINE);
  });
});
