import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

function manualClock(start = 1_000_000): { now(): number; advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

const ALLOWED = { allowed: true, retryAfterMs: 0 };

describe('RateLimiter', () => {
  it('allows a burst of `limit`, then refuses with the wait until the next attempt', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 5, windowMs: 60_000, clock });
    for (let i = 0; i < 5; i++) expect(limiter.take('login:1.2.3.4')).toEqual(ALLOWED);
    // One attempt comes back every 12 s.
    expect(limiter.take('login:1.2.3.4')).toEqual({ allowed: false, retryAfterMs: 12_000 });
    clock.advance(5_000);
    expect(limiter.take('login:1.2.3.4')).toEqual({ allowed: false, retryAfterMs: 7_000 });
    clock.advance(6_999);
    expect(limiter.take('login:1.2.3.4')).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(limiter.take('login:1.2.3.4')).toEqual(ALLOWED);
    expect(limiter.take('login:1.2.3.4').allowed).toBe(false);
  });

  it('refills to the full burst after a window, never beyond', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 3, windowMs: 1_000, clock });
    for (let i = 0; i < 3; i++) limiter.take('k');
    clock.advance(10_000);
    for (let i = 0; i < 3; i++) expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k').allowed).toBe(false);
  });

  it('does not allow 2×limit across a window boundary', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 10, windowMs: 10_000, clock });
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (limiter.take('k').allowed) allowed++;
    clock.advance(100);
    for (let i = 0; i < 20; i++) if (limiter.take('k').allowed) allowed++;
    expect(allowed).toBe(10);
  });

  it('keeps keys apart, and reset forgets one', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000, clock });
    expect(limiter.take('login:alice').allowed).toBe(true);
    expect(limiter.take('login:alice').allowed).toBe(false);
    expect(limiter.take('login:bob').allowed).toBe(true);
    limiter.reset('login:alice');
    expect(limiter.take('login:alice').allowed).toBe(true);
    expect(limiter.take('login:bob').allowed).toBe(false);
  });

  it('refused attempts cost nothing, so waiting retryAfterMs is enough', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 2, windowMs: 2_000, clock });
    limiter.take('k');
    limiter.take('k');
    let decision = limiter.take('k');
    for (let i = 0; i < 50; i++) decision = limiter.take('k');
    expect(decision).toEqual({ allowed: false, retryAfterMs: 1_000 });
    clock.advance(decision.retryAfterMs);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('keeps at most maxKeys, forgetting the least recently used', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, clock });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    limiter.take('a'); // refused, but used: now b is the oldest
    limiter.take('d');
    expect(limiter.size).toBe(3);
    expect(limiter.take('b').allowed).toBe(true); // forgotten, so full again; evicts c
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('d').allowed).toBe(false);
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.size).toBe(3);
  });

  it('remembers huge keys by a digest, apart from each other', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000, clock });
    const huge = `login:${'x'.repeat(100_000)}`;
    expect(limiter.take(huge).allowed).toBe(true);
    expect(limiter.take(huge).allowed).toBe(false);
    expect(limiter.take(`${huge}y`).allowed).toBe(true);
  });

  it('survives a clock stepping backwards without refilling or draining', () => {
    const clock = manualClock(50_000);
    const limiter = new RateLimiter({ limit: 2, windowMs: 2_000, clock });
    limiter.take('k');
    clock.set(10_000);
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterMs: 1_000 });
    clock.advance(1_000);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('refuses nonsense options', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: 1, maxKeys: 0 })).toThrow(RangeError);
  });
});
