import { describe, expect, it } from 'vitest';
import { viewLine, viewMarker } from '../testing/view-entries.ts';
import { mergeRun, sortRun, upperBound } from './entry-order.ts';
import type { ViewEntry } from './log-types.ts';

const at = (...times: number[]): ViewEntry[] => times.map((t, i) => viewLine('s', i, t, { text: `${t}` }));

describe('upperBound', () => {
  it('finds the first entry later than the key, from any head', () => {
    const entries = at(0, 10, 10, 20, 30);
    const key = (entries[1] as ViewEntry).tsKey;
    expect(upperBound(entries, 0, key)).toBe(3);
    expect(upperBound(entries, 0, (entries[4] as ViewEntry).tsKey)).toBe(5);
    expect(upperBound(entries, 0, -1n)).toBe(0);
    expect(upperBound(entries, 2, -1n)).toBe(2);
  });

  it('agrees with a linear scan on a long array', () => {
    const entries = at(...Array.from({ length: 1000 }, (_, i) => Math.floor(i / 3)));
    for (const probe of [0, 1, 77, 332, 333, 500]) {
      const key = (at(probe)[0] as ViewEntry).tsKey;
      const linear = entries.findIndex((e) => e.tsKey > key);
      expect(upperBound(entries, 0, key)).toBe(linear < 0 ? entries.length : linear);
    }
  });
});

describe('sortRun and mergeRun', () => {
  it('sorts a run stably and leaves a sorted one alone', () => {
    const sorted = at(1, 2, 3);
    expect(sortRun(sorted)).toBe(sorted);
    expect(sortRun(at(5, 1, 5, 1)).map((e) => e.text)).toEqual(['1', '1', '5', '5']);
  });

  it('merges with held entries first among equal keys', () => {
    const target = at(0, 10, 20);
    const run = [viewMarker('notice', null, 10, 'new 10'), viewMarker('notice', null, 15, 'new 15')];
    mergeRun(target, 0, run);
    expect(target.map((e) => e.text)).toEqual(['0', '10', 'new 10', 'new 15', '20']);
  });

  it('appends when the run starts at or after the end, and never moves entries before head', () => {
    const target = [viewMarker('dropped', null, null, 'top'), ...at(10, 20)];
    mergeRun(target, 1, at(20, 30));
    mergeRun(target, 1, at(5));
    expect(target.map((e) => e.text)).toEqual(['top', '5', '10', '20', '20', '30']);
  });
});
