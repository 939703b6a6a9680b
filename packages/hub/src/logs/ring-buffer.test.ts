import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.ts';

const strings = (maxItems: number, maxBytes: number) =>
  new RingBuffer<string>({ maxItems, maxBytes, sizeOf: (s) => s.length });

describe('RingBuffer', () => {
  it('keeps items in order and evicts the oldest past the item bound', () => {
    const ring = strings(3, 1000);
    const evicted: string[] = [];
    for (const s of ['a', 'b', 'c', 'd', 'e']) ring.push(s, (x) => evicted.push(x));
    expect(ring.toArray()).toEqual(['c', 'd', 'e']);
    expect(evicted).toEqual(['a', 'b']);
    expect(ring.length).toBe(3);
    expect(ring.at(0)).toBe('c');
    expect(ring.at(3)).toBeUndefined();
  });

  it('evicts the oldest past the byte bound and counts bytes exactly', () => {
    const ring = strings(100, 10);
    ring.push('aaaa');
    ring.push('bbbb');
    expect(ring.bytes).toBe(8);
    ring.push('ccc');
    expect(ring.toArray()).toEqual(['bbbb', 'ccc']);
    expect(ring.bytes).toBe(7);
    expect(ring.sizeAt(1)).toBe(3);
  });

  it('keeps the newest item even when it alone exceeds the byte bound', () => {
    const ring = strings(100, 10);
    ring.push('ab');
    ring.push('x'.repeat(50));
    expect(ring.toArray()).toEqual(['x'.repeat(50)]);
    expect(ring.bytes).toBe(50);
  });

  it('shifts, clears and stays within both bounds over many operations', () => {
    const ring = strings(1000, 5000);
    for (let i = 0; i < 20_000; i++) {
      ring.push(String(i));
      if (i % 3 === 0) ring.shift();
      expect(ring.length).toBeLessThanOrEqual(1000);
      expect(ring.bytes).toBeLessThanOrEqual(5000);
    }
    const all = ring.toArray();
    expect(all.map(Number)).toEqual([...all.map(Number)].sort((a, b) => a - b));
    expect(all.at(-1)).toBe('19999');
    expect(ring.bytes).toBe(all.join('').length);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.bytes).toBe(0);
    expect(ring.shift()).toBeUndefined();
  });

  it('refuses bounds that cannot hold anything', () => {
    expect(() => strings(0, 10)).toThrow(RangeError);
  });
});
