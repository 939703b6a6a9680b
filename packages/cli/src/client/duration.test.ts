import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.ts';
import { durationMs, parseTtlFlag } from './duration.ts';

describe('durations', () => {
  it("reads Go's duration syntax plus days", () => {
    expect(durationMs('10m')).toBe(600_000);
    expect(durationMs('2h')).toBe(7_200_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('1.5s')).toBe(1500);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('1d')).toBe(86_400_000);
  });

  it('is undefined for anything else', () => {
    for (const value of ['', '10', 'm', '10 m', '-1m', '1y', '1h-'])
      expect(durationMs(value)).toBeUndefined();
  });

  it('keeps --ttl as written, within what the manager takes', () => {
    expect(parseTtlFlag('--ttl', '1h')).toBe('1h');
    expect(parseTtlFlag('--ttl', '1h30m')).toBe('1h30m');
    expect(parseTtlFlag('--ttl', '2w')).toBe('2w');
    for (const value of ['0h', '1.5h', '10', '1ms', 'h'])
      expect(() => parseTtlFlag('--ttl', value)).toThrow(UsageError);
  });
});
