import type { LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { lineSelection, selectionFilter } from './line-selection.ts';

const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): LogLine => ({
  kind: 'line',
  seq: 1,
  ts: '2026-11-25T03:19:26.000000001Z',
  stream,
  text,
});

describe('selectionFilter', () => {
  it('asks for nothing when nothing was chosen', () => {
    expect(selectionFilter({})).toBeUndefined();
  });

  it('turns --grep (a regex, case-sensitive unless -i), --stream and --level into one filter', () => {
    expect(
      selectionFilter({
        grep: { pattern: 'ERR\\w+', caseSensitive: true },
        stream: 'stderr',
        levels: new Set(['error', 'warn'] as const),
      }),
    ).toEqual({
      pattern: 'ERR\\w+',
      regex: true,
      caseSensitive: true,
      streams: ['stderr'],
      levels: ['error', 'warn'],
    });
    expect(selectionFilter({ grep: { pattern: 'x', caseSensitive: false } })).toEqual({
      pattern: 'x',
      regex: true,
    });
  });

  it('leaves to the client a pattern the linear engine cannot run', () => {
    expect(selectionFilter({ grep: { pattern: 'a(?=b)', caseSensitive: true } })).toBeUndefined();
  });

  it('leaves levels to the client when lines without a level are wanted', () => {
    expect(selectionFilter({ levels: new Set(['error', 'none'] as const) })).toBeUndefined();
  });
});

describe('lineSelection', () => {
  it('counts as sent what a filtering manager sends, a superset of what is printed', () => {
    const keep = (l: LogLine) => l.text.includes('\x1b[31mERROR');
    const selection = lineSelection(keep, { pattern: 'ERROR' });
    const coloured = line('\x1b[31mERROR\x1b[0m x');
    const plain = line('ERROR y');
    expect([selection.sent(coloured), selection.keep(coloured)]).toEqual([true, true]);
    expect([selection.sent(plain), selection.keep(plain)]).toEqual([true, false]);
    expect(selection.sent(line('noise'))).toBe(false);
  });

  it('counts every line as sent without a filter', () => {
    expect(lineSelection(() => false, undefined).sent(line('anything'))).toBe(true);
  });
});
