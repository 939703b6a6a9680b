import { describe, expect, it } from 'vitest';
import { LineTexts } from './line-texts.ts';

describe('LineTexts', () => {
  it('finds each text by id, in and out of order, and forgets what is deleted', () => {
    const texts = new LineTexts();
    texts.set(10, 'ten');
    texts.set(12, 'twelve');
    texts.set(7, 'seven');
    texts.set(11, 'eleven');
    texts.delete(12);
    texts.delete(99);
    expect([7, 10, 11, 12].map((id) => texts.get(id))).toEqual(['seven', 'ten', 'eleven', undefined]);
    expect(texts.size).toBe(3);
    texts.clear();
    expect(texts.size).toBe(0);
    expect(texts.get(10)).toBeUndefined();
  });

  it('agrees with a Map through a long stream whose oldest lines go first, and a few that stay', () => {
    let seed = 5;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const texts = new LineTexts();
    const expected = new Map<number, string>();
    const order: number[] = [];
    let next = 1;
    for (let round = 0; round < 2000; round++) {
      for (let k = Math.floor(random() * 60); k > 0; k--) {
        // Markers take ids too, so some ids never arrive.
        if (random() < 0.1) next++;
        const id = next++;
        texts.set(id, `line ${id}`);
        expected.set(id, `line ${id}`);
        order.push(id);
      }
      // Keep 5,000 lines, letting go of the oldest but for one in 500, which stays for good.
      while (order.length > 5000) {
        const id = order.shift() as number;
        if (id % 500 === 0) continue;
        texts.delete(id);
        expected.delete(id);
      }
    }
    expect(texts.size).toBe(expected.size);
    for (let id = 0; id <= next; id++) {
      if (texts.get(id) !== expected.get(id))
        expect({ id, got: texts.get(id) }).toEqual({ id, got: expected.get(id) });
    }
  });
});
