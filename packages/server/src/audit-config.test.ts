import { describe, expect, it } from 'vitest';
import { parseAuditMaxAge, parseAuditMaxRows } from './audit-config.ts';

describe('audit settings', () => {
  it('reads a maximum age as a duration of at least an hour', () => {
    expect(parseAuditMaxAge('90d')).toBe(90 * 86_400_000);
    expect(parseAuditMaxAge('1h')).toBe(3_600_000);
    expect(() => parseAuditMaxAge('59m')).toThrow(/at least 1h/);
    expect(() => parseAuditMaxAge('forever')).toThrow(/--audit-max-age "forever"/);
  });

  it('reads a maximum row count as a whole number within its range', () => {
    expect(parseAuditMaxRows('100000')).toBe(100_000);
    expect(() => parseAuditMaxRows('999')).toThrow(/from 1000/);
    expect(() => parseAuditMaxRows('1e6')).toThrow(/whole number/);
    expect(() => parseAuditMaxRows('200000000')).toThrow(/whole number/);
  });
});
