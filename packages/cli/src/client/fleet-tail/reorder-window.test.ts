import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReorderLimits, ReorderWindow } from './reorder-window.ts';

type Line = { id: number; key: bigint; arrival: number };
type Out = Line & { at: number };

const WIDE: ReorderLimits = { windowMs: 500, maxLines: 1_000_000, maxBytes: 1 << 30 };

// Lines from a few sources whose clocks disagree, arriving in bursts and pauses.
const arrivals = fc.array(
  fc.record({ stamp: fc.integer({ min: 0, max: 2_000 }), gap: fc.integer({ min: 0, max: 400 }) }),
  { maxLength: 200 },
);

// Drives the window as the tail does: a timer fires at each due time, lines come at theirs.
function run(
  input: { stamp: number; gap: number }[],
  limits: ReorderLimits,
  sizes: number[] = [],
): { lines: Line[]; out: Out[] } {
  const out: Out[] = [];
  let now = 0;
  const window = new ReorderWindow<Line>(limits, (line) => out.push({ ...line, at: now }));
  const lines: Line[] = [];
  const advance = (to: number) => {
    for (let due = window.nextDue(); due !== undefined && due <= to; due = window.nextDue()) {
      now = due;
      window.release(due);
    }
    now = to;
  };
  for (const [id, { stamp, gap }] of input.entries()) {
    advance(now + gap);
    const line = { id, key: BigInt(stamp), arrival: now };
    lines.push(line);
    window.push(line, line.key, 10, now);
    sizes.push(window.size);
  }
  advance(Number.MAX_SAFE_INTEGER);
  return { lines, out };
}

describe('ReorderWindow', () => {
  it('sends every line out exactly once', () => {
    fc.assert(
      fc.property(arrivals, (input) => {
        const { lines, out } = run(input, WIDE);
        expect(out.map((l) => l.id).sort((a, b) => a - b)).toEqual(lines.map((l) => l.id));
      }),
    );
  });

  it('never sends a line before an older-stamped line that had already arrived', () => {
    fc.assert(
      fc.property(arrivals, (input) => {
        const { out } = run(input, WIDE);
        out.forEach((b, position) => {
          const later = out.slice(position + 1);
          // The driver fires the timers due at a moment before it pushes the line arriving then,
          // so a line arriving at the very moment `b` went out had not arrived yet.
          expect(later.filter((a) => a.key < b.key && a.arrival < b.at)).toEqual([]);
        });
      }),
    );
  });

  it('holds no line longer than the window', () => {
    fc.assert(
      fc.property(arrivals, (input) => {
        for (const line of run(input, WIDE).out) expect(line.at - line.arrival).toBeLessThanOrEqual(500);
      }),
    );
  });

  it('keeps arrival order among equal stamps', () => {
    fc.assert(
      fc.property(arrivals, (input) => {
        const { out } = run(input, WIDE);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1] as Out, out[i] as Out];
          if (a.key === b.key) expect(a.id).toBeLessThan(b.id);
        }
      }),
    );
  });

  it('sorts a burst that arrives within the window', () => {
    const { out } = run(
      [5, 1, 4, 2, 3].map((stamp) => ({ stamp, gap: 10 })),
      WIDE,
    );
    expect(out.map((l) => Number(l.key))).toEqual([1, 2, 3, 4, 5]);
  });

  it('prints a line later than the window in arrival order', () => {
    const { out } = run(
      [
        { stamp: 10, gap: 0 },
        { stamp: 5, gap: 600 },
      ],
      WIDE,
    );
    expect(out.map((l) => Number(l.key))).toEqual([10, 5]);
  });

  it('stays within its line and byte caps, sending the oldest early and losing nothing', () => {
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 20 }), (input, cap) => {
        const sizes: number[] = [];
        const { lines, out } = run(input, { windowMs: 500, maxLines: cap, maxBytes: 10 * cap }, sizes);
        for (const size of sizes) expect(size).toBeLessThanOrEqual(cap);
        expect(out.map((l) => l.id).sort((a, b) => a - b)).toEqual(lines.map((l) => l.id));
      }),
    );
  });

  it('drains everything in stamp order', () => {
    const out: number[] = [];
    const window = new ReorderWindow<number>(WIDE, (n) => out.push(n));
    for (const n of [3, 1, 2]) window.push(n, BigInt(n), 1, 0);
    window.drain();
    expect(out).toEqual([1, 2, 3]);
    expect(window.size).toBe(0);
    expect(window.bytes).toBe(0);
    expect(window.nextDue()).toBeUndefined();
  });
});
