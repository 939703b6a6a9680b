import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles the ceiling up to the maximum and picks under it', () => {
    const picks = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 }, () => picks.shift() ?? 0.5);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('never exceeds the ceiling, whatever the random source returns', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 10_000 }, () => 1.5);
    for (let i = 0; i < 100; i++) expect(backoff.next()).toBeLessThanOrEqual(10_000);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.ceiling).toBe(100);
  });
});
