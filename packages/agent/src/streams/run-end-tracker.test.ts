import { dockerTimestampToUnixNanos } from '@bosun/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AWAITING_DIE, DIE_EVENT_WAIT_MS, MAX_REMEMBERED_DIES, RunEndTracker } from './run-end-tracker.ts';

// Runs of one container: each starts at RUN_n and its `die` comes a little later.
const RUN_1 = '2026-12-05T10:00:00.000000001Z';
const DIE_1 = '2026-12-05T10:00:05.123456789Z';
const RUN_2 = '2026-12-05T10:00:06Z';
const DIE_2 = '2026-12-05T10:00:09.5Z';
const RUN_3 = '2026-12-05T10:00:10Z';

const nanos = (ts: string) => dockerTimestampToUnixNanos(ts);

/** A tracker whose retries are counted. */
function tracker() {
  const retries = { count: 0 };
  const ends = new RunEndTracker(() => retries.count++);
  return { ends, retries };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('RunEndTracker', () => {
  it("bounds a finished run by its own `die`, and a restarted one's predecessor by the last before it", () => {
    const { ends } = tracker();
    ends.died(nanos(DIE_1));
    ends.died(nanos(DIE_2));
    expect(ends.endOf(RUN_1)).toBe('1796464805.123456789');
    expect(ends.endOf(RUN_2)).toBe('1796464809.500000000');
    expect(ends.endBefore(RUN_2)).toBe('1796464805.123456789');
    expect(ends.endBefore(RUN_3)).toBe('1796464809.500000000');
  });

  it('counts the `die` events it has seen', () => {
    const { ends } = tracker();
    expect(ends.dies).toBe(0);
    ends.died(nanos(DIE_1));
    ends.died(nanos(DIE_2));
    expect(ends.dies).toBe(2);
  });

  it('waits once, briefly, for a `die` that has not come, then goes on without a bound', () => {
    const { ends, retries } = tracker();
    expect(ends.endOf(RUN_1)).toBe(AWAITING_DIE);
    vi.advanceTimersByTime(DIE_EVENT_WAIT_MS - 1);
    expect(retries.count).toBe(0);
    vi.advanceTimersByTime(1);
    expect(retries.count).toBe(1);
    expect(ends.endOf(RUN_1)).toBeUndefined();
    // Having gone on, the next run's missing `die` is waited for again.
    expect(ends.endBefore(RUN_2)).toBe(AWAITING_DIE);
  });

  it('answers with the `die` that came during the wait, and retries no more', () => {
    const { ends, retries } = tracker();
    expect(ends.endBefore(RUN_2)).toBe(AWAITING_DIE);
    ends.died(nanos(DIE_1));
    expect(ends.endBefore(RUN_2)).toBe('1796464805.123456789');
    vi.advanceTimersByTime(DIE_EVENT_WAIT_MS * 2);
    expect(retries.count).toBe(0);
  });

  it('takes no `die` of a later run for the end of an earlier one', () => {
    const { ends } = tracker();
    ends.died(nanos(DIE_2));
    expect(ends.endBefore(RUN_2)).toBe(AWAITING_DIE);
  });

  it('remembers only the latest `die` events', () => {
    const { ends } = tracker();
    const base = nanos(DIE_1);
    for (let i = 0; i <= MAX_REMEMBERED_DIES; i++) ends.died(base + BigInt(i) * 1_000_000_000n);
    // The first `die` is forgotten: the first run's end is now the oldest one remembered.
    expect(ends.endOf(RUN_1)).toBe('1796464806.123456789');
    expect(ends.dies).toBe(MAX_REMEMBERED_DIES + 1);
  });

  it('retries no more once stopped', () => {
    const { ends, retries } = tracker();
    expect(ends.endOf(RUN_1)).toBe(AWAITING_DIE);
    ends.stop();
    vi.advanceTimersByTime(DIE_EVENT_WAIT_MS * 2);
    expect(retries.count).toBe(0);
  });
});
