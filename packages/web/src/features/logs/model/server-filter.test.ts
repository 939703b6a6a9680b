import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, type FilterSpec } from './log-filter.ts';
import { serverFilterOf } from './server-filter.ts';

const spec = (change: Partial<FilterSpec>): FilterSpec => ({ ...DEFAULT_FILTER, ...change });
const search = (query: string, regex = false) => ({ query, regex, caseSensitive: false });

describe('serverFilterOf', () => {
  it('asks for nothing when the view hides nothing', () => {
    expect(serverFilterOf(DEFAULT_FILTER)).toBeUndefined();
    // Highlighting hides no line: every line must come.
    expect(serverFilterOf(spec({ search: search('ERROR') }))).toBeUndefined();
  });

  it('asks for the search when only matching lines are shown, with its mode and case', () => {
    expect(serverFilterOf(spec({ search: search('ERROR'), mode: 'only' }))).toEqual({ pattern: 'ERROR' });
    expect(
      serverFilterOf(spec({ search: { query: 'E\\d+', regex: true, caseSensitive: true }, mode: 'only' })),
    ).toEqual({ pattern: 'E\\d+', regex: true, caseSensitive: true });
  });

  it('keeps in the browser a search the linear engine cannot run', () => {
    expect(serverFilterOf(spec({ search: search('a(?=b)', true), mode: 'only' }))).toBeUndefined();
    expect(serverFilterOf(spec({ search: search('a(', true), mode: 'only' }))).toBeUndefined();
  });

  it('asks for the stream and the levels, unless lines without a level are wanted', () => {
    expect(serverFilterOf(spec({ streams: 'stderr', levels: new Set(['error', 'warn'] as const) }))).toEqual({
      streams: ['stderr'],
      levels: ['error', 'warn'],
    });
    expect(serverFilterOf(spec({ levels: new Set(['error', 'none'] as const) }))).toBeUndefined();
  });
});
