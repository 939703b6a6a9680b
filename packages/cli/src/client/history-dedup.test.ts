import { describe, expect, it } from 'vitest';
import { HistoryDedup, HistoryTracker } from './history-dedup.ts';

const T1 = '2026-11-25T03:19:26.000000001Z';
const T2 = '2026-11-25T03:19:26.000000002Z';
const T3 = '2026-11-25T03:19:26.000000003Z';

function marked(...stamps: string[]) {
  const tracker = new HistoryTracker();
  for (const ts of stamps) tracker.add(ts);
  return tracker.mark;
}

describe('HistoryTracker', () => {
  it('remembers the newest stamp and how many lines carried it', () => {
    expect(marked()).toBeUndefined();
    expect(marked(T1, T2, T2)).toEqual({ ts: T2, countAtTs: 2 });
    expect(marked(T1, T2, T1)).toEqual({ ts: T2, countAtTs: 1 });
  });

  it('compares stamps with differing fraction lengths by time', () => {
    expect(marked('2026-11-25T03:19:26.5Z', '2026-11-25T03:19:26.500000000Z')).toEqual({
      ts: '2026-11-25T03:19:26.5Z',
      countAtTs: 2,
    });
  });
});

describe('HistoryDedup', () => {
  it('drops live lines older than the history end', () => {
    const dedup = new HistoryDedup(marked(T1, T2));
    expect([T1, T2, T3].map((ts) => dedup.accept(ts))).toEqual([false, false, true]);
  });

  it('at the end stamp drops as many lines as the history had there, then takes the rest', () => {
    const dedup = new HistoryDedup(marked(T1, T2, T2));
    expect([T1, T2, T2, T2, T3].map((ts) => dedup.accept(ts))).toEqual([false, false, false, true, true]);
  });

  it('disarms at the first newer line: later lines are never dropped', () => {
    const dedup = new HistoryDedup(marked(T2));
    expect([T3, T1, T2].map((ts) => dedup.accept(ts))).toEqual([true, true, true]);
  });

  it('takes everything when no history was printed', () => {
    const dedup = new HistoryDedup(undefined);
    expect([T1, T1].map((ts) => dedup.accept(ts))).toEqual([true, true]);
  });
});
