import { describe, expect, it } from 'vitest';
import { KeyedSlots } from './keyed-slots.ts';

describe('KeyedSlots', () => {
  it('caps each key and the total, and gives slots back once', () => {
    const slots = new KeyedSlots(2, 3);
    const a1 = slots.tryAcquire('a');
    const a2 = slots.tryAcquire('a');
    expect(a1 && a2).toBeTruthy();
    expect(slots.tryAcquire('a')).toBeUndefined();
    const b1 = slots.tryAcquire('b');
    expect(b1).toBeDefined();
    expect(slots.full).toBe(true);
    expect(slots.tryAcquire('c')).toBeUndefined();
    a1!();
    a1!();
    expect(slots.size).toBe(2);
    expect(slots.tryAcquire('c')).toBeDefined();
  });

  it('counts a slot without a key in the total only', () => {
    const slots = new KeyedSlots(1, 2);
    const release = slots.tryAcquire(undefined);
    expect(slots.tryAcquire(undefined)).toBeDefined();
    expect(slots.tryAcquire('a')).toBeUndefined();
    release!();
    expect(slots.tryAcquire('a')).toBeDefined();
  });
});
