import { describe, expect, it } from 'vitest';
import { containerSummary } from '../testing/fixtures.ts';
import { resolveContainer } from './resolve-container.ts';

const a = containerSummary('api', { id: `abcd1111${'0'.repeat(56)}` });
const b = containerSummary('db', { id: `abcd2222${'0'.repeat(56)}` });
const c = containerSummary('abcd', { id: `ffff0000${'0'.repeat(56)}` });
const all = [a, b, c];

describe('resolveContainer', () => {
  it('finds by full id, name and unique prefix', () => {
    expect(resolveContainer(all, a.id)).toBe(a);
    expect(resolveContainer(all, 'db')).toBe(b);
    expect(resolveContainer(all, 'abcd1')).toBe(a);
    expect(resolveContainer(all, 'ABCD2')).toBe(b);
  });

  it('prefers an exact name over prefix matches', () => {
    expect(resolveContainer(all, 'abcd')).toBe(c);
  });

  it('refuses short prefixes, unknown refs and ambiguous prefixes', () => {
    expect(() => resolveContainer(all, 'ffff0')).not.toThrow();
    expect(() => resolveContainer(all, 'fff')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => resolveContainer(all, 'nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => resolveContainer([a, b], 'abcd')).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
