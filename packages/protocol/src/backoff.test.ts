import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles its ceiling up to the cap and starts again after reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 'full', random: () => 0.999 });
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([99, 199, 399, 799, 999]);
    expect(backoff.attempt).toBe(5);
    backoff.reset();
    expect(backoff.ceiling).toBe(100);
  });

  it('full jitter spreads over the whole range, down to zero', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 'full', random: () => 0 });
    expect(low.next()).toBe(0);
    const mid = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 'full', random: () => 0.5 });
    expect(mid.next()).toBe(50);
  });

  it('equal jitter never goes below half the ceiling', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 'equal', random: () => 0 });
    expect(low.next()).toBe(50);
    expect(low.next()).toBe(100);
    const high = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 'equal', random: () => 1 });
    expect(high.next()).toBe(100);
  });

  it('honours another growth factor and clamps a random source that strays', () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 10_000, factor: 3, jitter: 'full', random: () => 7 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([10, 30, 90]);
  });

  it('stays finite after very many attempts', () => {
    const backoff = new Backoff({ initialMs: 250, maxMs: 30_000, jitter: 'equal', random: () => 1 });
    for (let i = 0; i < 10_000; i++) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });
});
