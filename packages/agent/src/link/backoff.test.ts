import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('grows exponentially within [ceiling/2, ceiling] and stops at the cap', () => {
    const lows = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, random: () => 0 });
    const highs = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, random: () => 1 });
    expect(Array.from({ length: 6 }, () => lows.next())).toEqual([50, 100, 200, 400, 500, 500]);
    expect(Array.from({ length: 6 }, () => highs.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters: two agents with different random sources wait differently', () => {
    const seq = [0.1, 0.9];
    let i = 0;
    const b = new Backoff({ initialMs: 1000, maxMs: 10_000, factor: 2, random: () => seq[i++ % 2]! });
    const first = b.next();
    b.reset();
    const second = b.next();
    expect(first).not.toBe(second);
  });

  it('reset starts over', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, random: () => 1 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(100);
  });
});
