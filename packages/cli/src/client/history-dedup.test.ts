import type { LogStream } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { HistoryDedup, HistoryTracker } from './history-dedup.ts';

const T0 = '2026-11-25T03:19:26Z';
const T1 = '2026-11-25T03:19:26.000000001Z';
const T2 = '2026-11-25T03:19:26.000000002Z';
const T3 = '2026-11-25T03:19:26.000000003Z';

type Printed = [LogStream, string];

function marked(...printed: Printed[]) {
  const tracker = new HistoryTracker();
  for (const [stream, ts] of printed) tracker.add(stream, ts);
  return tracker.mark;
}

const out = (ts: string): Printed => ['stdout', ts];
const err = (ts: string): Printed => ['stderr', ts];

function accepted(dedup: HistoryDedup, live: Printed[]): boolean[] {
  return live.map(([stream, ts]) => dedup.accept(stream, ts));
}

describe('HistoryTracker', () => {
  it('remembers per stream the newest stamp and how many lines carried it, and where it began', () => {
    expect(marked()).toBeUndefined();
    expect(marked(out(T1), out(T2), err(T1), out(T2), out(T1))).toEqual({
      start: T1,
      streams: { stdout: { ts: T2, countAtTs: 2 }, stderr: { ts: T1, countAtTs: 1 } },
    });
  });

  it('compares stamps with differing fraction lengths by time', () => {
    expect(marked(out('2026-11-25T03:19:26.5Z'), out('2026-11-25T03:19:26.500000000Z'))?.streams).toEqual({
      stdout: { ts: '2026-11-25T03:19:26.5Z', countAtTs: 2 },
    });
  });
});

describe('HistoryDedup', () => {
  it('drops live lines of a stream older than that stream’s end', () => {
    const dedup = new HistoryDedup(marked(out(T1), out(T2)));
    expect(accepted(dedup, [out(T1), out(T2), out(T3)])).toEqual([false, false, true]);
  });

  it('at the end stamp drops as many lines of the stream as the history had there, then takes the rest', () => {
    const dedup = new HistoryDedup(marked(out(T1), out(T2), out(T2), err(T2)));
    expect(accepted(dedup, [out(T1), out(T2), out(T2), err(T2), out(T2), err(T2), out(T3)])).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('prints a line Docker stored late on one stream, after a newer line of the other was printed', () => {
    // The history ended with `err T2`; `out T1` was written before it but stored after it.
    const dedup = new HistoryDedup(marked(out(T0), err(T2)));
    expect(accepted(dedup, [out(T0), err(T2), out(T1), err(T3)])).toEqual([false, false, true, true]);
  });

  it('disarms a stream at its first newer line: its later lines are never dropped', () => {
    const dedup = new HistoryDedup(marked(out(T2), err(T2)));
    expect(accepted(dedup, [out(T3), out(T1), err(T1), err(T3), err(T2)])).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
  });

  it('for a stream the history had no line of, drops only what is older than the history', () => {
    const dedup = new HistoryDedup(marked(out(T1), out(T2)));
    expect(accepted(dedup, [err(T0), err(T1), err(T2)])).toEqual([false, true, true]);
  });

  it('takes everything when no history was printed', () => {
    const dedup = new HistoryDedup(undefined);
    expect(accepted(dedup, [out(T1), err(T1)])).toEqual([true, true]);
  });
});
