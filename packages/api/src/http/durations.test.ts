import { durationMs, formatDuration, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { parseDuration, resolveLogTime } from './durations.ts';

describe('durations', () => {
  it('reads single and combined units', () => {
    expect(durationMs('45s')).toBe(45_000);
    expect(durationMs('30m')).toBe(1_800_000);
    expect(durationMs('1h')).toBe(3_600_000);
    expect(durationMs('7d')).toBe(604_800_000);
    expect(durationMs('2w')).toBe(1_209_600_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', '1', 'h', '1y', '-1h', '1.5h', '1h ', ' 1h', '1H', `${'1'.repeat(40)}s`]) {
      expect(durationMs(bad), bad).toBeUndefined();
    }
  });

  it('parseDuration names the field and refuses zero', () => {
    expect(parseDuration('1h', 'ttl')).toBe(3_600_000);
    expect(() => parseDuration('0m', 'ttl')).toThrow(ProtocolError);
    expect(() => parseDuration('soon', 'ttl')).toThrow(/^ttl: /);
  });
});

describe('resolveLogTime', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

  it('passes RFC 3339 and Unix seconds through unchanged', () => {
    expect(resolveLogTime('2026-01-02T03:04:05Z', 'since', now)).toBe('2026-01-02T03:04:05Z');
    expect(resolveLogTime('2026-01-02T03:04:05.123+02:00', 'since', now)).toBe(
      '2026-01-02T03:04:05.123+02:00',
    );
    expect(resolveLogTime('1700000000', 'since', now)).toBe('1700000000');
    expect(resolveLogTime('1700000000.5', 'since', now)).toBe('1700000000.5');
  });

  it('turns a relative duration into Unix seconds before now', () => {
    expect(resolveLogTime('10m', 'since', now)).toBe(((now - 600_000) / 1000).toFixed(3));
  });

  it('refuses anything else with the field name', () => {
    expect(() => resolveLogTime('yesterday', 'until', now)).toThrow(/^until: /);
    expect(() => resolveLogTime('2026-01-02 03:04:05', 'since', now)).toThrow(ProtocolError);
  });
});

describe('formatDuration', () => {
  it('uses the largest unit that fits exactly', () => {
    expect(formatDuration(7 * 86_400_000)).toBe('1w');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(5_400_000)).toBe('90m');
    expect(formatDuration(45_000)).toBe('45s');
  });
});
