import { dockerTimestampToUnixNanos } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { formatTs, tsKeyOf } from './timestamps.ts';

describe('tsKeyOf', () => {
  it('reads nine fraction digits to the nanosecond', () => {
    expect(tsKeyOf('2026-11-25T03:19:26.123456789Z')).toBe(1_795_576_766_123_456_789n);
  });

  it('agrees with the protocol for every fraction length Go may trim to', () => {
    for (const ts of [
      '2026-11-25T03:19:26Z',
      '2026-11-25T03:19:26.5Z',
      '2026-11-25T03:19:26.05Z',
      '2026-11-25T03:19:26.123Z',
      '2026-11-25T03:19:26.1234567Z',
      '1970-01-01T00:00:00.000000001Z',
      '2000-02-29T23:59:59.999999999Z',
    ]) {
      expect(tsKeyOf(ts), ts).toBe(dockerTimestampToUnixNanos(ts));
    }
  });

  it('orders stamps whose fractions have different lengths', () => {
    expect(tsKeyOf('2026-11-25T03:19:26Z')).toBeLessThan(tsKeyOf('2026-11-25T03:19:26.5Z'));
    expect(tsKeyOf('2026-11-25T03:19:26.5Z')).toBeLessThan(tsKeyOf('2026-11-25T03:19:26.50001Z'));
  });

  it('applies an offset', () => {
    expect(tsKeyOf('2026-11-25T05:19:26.25+02:00')).toBe(tsKeyOf('2026-11-25T03:19:26.25Z'));
    expect(tsKeyOf('2026-11-24T23:49:26-03:30')).toBe(tsKeyOf('2026-11-25T03:19:26Z'));
  });

  it('gives 0n for anything that is not a timestamp', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-11-25T03:19:26',
      '2026-11-25T03:19:26.Z',
      '2026-11-25 03:19:26Z',
    ]) {
      expect(tsKeyOf(bad), bad).toBe(0n);
    }
  });
});

describe('formatTs', () => {
  // Built from local components so the expectation holds in any time zone.
  const local = new Date(2026, 10, 25, 6, 30, 5, 123);
  const stamp = `${local.toISOString().slice(0, 23)}456789Z`;

  it('shows local time to the millisecond', () => {
    expect(formatTs(stamp, 'time')).toBe('06:30:05.123');
  });

  it('adds the local date in full mode', () => {
    expect(formatTs(stamp, 'full')).toBe('2026-11-25 06:30:05.123');
  });

  it('formats the epoch itself rather than taking it for unreadable', () => {
    expect(formatTs('1970-01-01T00:00:00Z', 'time')).toMatch(/^\d\d:\d\d:00\.000$/);
  });

  it('returns unreadable input unchanged', () => {
    expect(formatTs('not a time', 'time')).toBe('not a time');
  });
});
