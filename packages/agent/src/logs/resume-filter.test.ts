import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { ResumeFilter } from './resume-filter.ts';

describe('ResumeFilter', () => {
  it('drops older lines and the lines already sent at the resume timestamp', () => {
    const filter = new ResumeFilter({ ts: tsAt(5), countAtTs: 2 });
    const replay = [tsAt(3), tsAt(4), tsAt(5), tsAt(5), tsAt(5), tsAt(6), tsAt(7)];
    expect(replay.map((ts) => filter.accept(ts))).toEqual([false, false, false, false, true, true, true]);
  });

  it('compares timestamps whose fractions differ in width', () => {
    const filter = new ResumeFilter({ ts: '2026-11-25T03:19:26.5Z', countAtTs: 1 });
    expect(filter.accept('2026-11-25T03:19:26.499999999Z')).toBe(false);
    expect(filter.accept('2026-11-25T03:19:26.500000000Z')).toBe(false);
    expect(filter.accept('2026-11-25T03:19:26Z')).toBe(false);
    expect(filter.accept('2026-11-25T03:19:26.51Z')).toBe(true);
  });

  it('disarms at the first newer line', () => {
    const filter = new ResumeFilter({ ts: tsAt(5), countAtTs: 1 });
    expect(filter.accept(tsAt(6))).toBe(true);
    expect(filter.armed).toBe(false);
    expect(filter.accept(tsAt(1))).toBe(true);
  });

  it('without a count, drops every line stamped at or before the timestamp', () => {
    const filter = new ResumeFilter({ ts: tsAt(5) });
    expect([tsAt(5), tsAt(5), tsAt(5), tsAt(6)].map((ts) => filter.accept(ts))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
