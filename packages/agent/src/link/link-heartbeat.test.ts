import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkHeartbeat } from './link-heartbeat.ts';

/** A heartbeat whose beats and silences are counted. */
function heartbeat(seconds: number) {
  const counts = { beats: 0, silences: 0 };
  const beating = new LinkHeartbeat(seconds, {
    beat: () => counts.beats++,
    silent: () => counts.silences++,
  });
  return { beating, counts };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LinkHeartbeat', () => {
  it('beats once an interval while every beat is answered', () => {
    const { beating, counts } = heartbeat(5);
    vi.advanceTimersByTime(4_999);
    expect(counts.beats).toBe(0);
    vi.advanceTimersByTime(1);
    expect(counts.beats).toBe(1);
    for (let beats = 2; beats <= 10; beats++) {
      beating.pong();
      vi.advanceTimersByTime(5_000);
      expect(counts).toEqual({ beats, silences: 0 });
    }
    beating.stop();
  });

  it('reports silence once when a whole interval passes without a pong, and beats no more', () => {
    const { counts } = heartbeat(2);
    vi.advanceTimersByTime(2_000);
    expect(counts).toEqual({ beats: 1, silences: 0 });
    vi.advanceTimersByTime(2_000);
    expect(counts).toEqual({ beats: 1, silences: 1 });
    vi.advanceTimersByTime(60_000);
    expect(counts).toEqual({ beats: 1, silences: 1 });
  });

  it('beats at least every second, whatever the welcome asked', () => {
    const { beating, counts } = heartbeat(0);
    vi.advanceTimersByTime(999);
    expect(counts.beats).toBe(0);
    vi.advanceTimersByTime(1);
    expect(counts.beats).toBe(1);
    beating.stop();
  });

  it('does nothing once stopped', () => {
    const { beating, counts } = heartbeat(1);
    beating.stop();
    vi.advanceTimersByTime(10_000);
    expect(counts).toEqual({ beats: 0, silences: 0 });
  });
});
