import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.ts';
import { dockerTimestamp } from './testing/arbitraries.ts';
import {
  compareDockerTimestamps,
  dockerTimestampToSince,
  dockerTimestampToUnixNanos,
  rfc3339ToMillis,
  unixNanosToDockerSince,
} from './timestamps.ts';

const sign = (n: number) => Math.sign(n) + 0;

describe('compareDockerTimestamps', () => {
  it('orders fractions of different lengths by value, where string order would not', () => {
    expect('2026-11-25T03:19:26Z' > '2026-11-25T03:19:26.5Z').toBe(true);
    expect(compareDockerTimestamps('2026-11-25T03:19:26Z', '2026-11-25T03:19:26.5Z')).toBe(-1);
    expect(compareDockerTimestamps('2026-11-25T03:19:26.5Z', '2026-11-25T03:19:26.500000000Z')).toBe(0);
    expect(compareDockerTimestamps('2026-11-25T03:19:26.123Z', '2026-11-25T03:19:26.1229Z')).toBe(1);
    expect(compareDockerTimestamps('2026-11-25T03:19:26.999999999Z', '2026-11-25T03:19:27Z')).toBe(-1);
    expect(compareDockerTimestamps('2026-11-25T03:19:27.1Z', '2026-11-25T03:19:26.999999999Z')).toBe(1);
  });

  it('agrees with the nanosecond values on random timestamps', () => {
    fc.assert(
      fc.property(dockerTimestamp, dockerTimestamp, (a, b) => {
        const na = dockerTimestampToUnixNanos(a);
        const nb = dockerTimestampToUnixNanos(b);
        return sign(compareDockerTimestamps(a, b)) === (na < nb ? -1 : na > nb ? 1 : 0);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('dockerTimestampToUnixNanos', () => {
  it('keeps nanoseconds a double would lose', () => {
    expect(dockerTimestampToUnixNanos('1970-01-01T00:00:00Z')).toBe(0n);
    expect(dockerTimestampToUnixNanos('2026-11-25T03:19:26.123456789Z')).toBe(1_795_576_766_123_456_789n);
    expect(dockerTimestampToUnixNanos('2026-11-25T03:19:26.5Z')).toBe(1_795_576_766_500_000_000n);
    expect(dockerTimestampToUnixNanos('1969-12-31T23:59:59.000000001Z')).toBe(-999_999_999n);
  });

  it('matches Date on the milliseconds', () => {
    fc.assert(
      fc.property(dockerTimestamp, (ts) => {
        const millis = BigInt(Date.parse(ts.replace(/\.\d+Z$/, 'Z')));
        return dockerTimestampToUnixNanos(ts) / 1_000_000_000n === millis / 1000n;
      }),
      { numRuns: 1_000 },
    );
  });

  it('throws a ProtocolError for anything else', () => {
    for (const ts of ['', 'yesterday', '2026-11-25T03:19:26+01:00', '2026-11-25T03:19:26.1234567890Z']) {
      expect(() => dockerTimestampToUnixNanos(ts)).toThrow(ProtocolError);
    }
  });
});

describe('rfc3339ToMillis', () => {
  it('reads Docker’s nine fraction digits, fewer, and none', () => {
    expect(rfc3339ToMillis('2026-11-25T01:19:26.731852064Z')).toBe(Date.UTC(2026, 10, 25, 1, 19, 26, 731));
    expect(rfc3339ToMillis('2026-11-25T01:19:26.5Z')).toBe(Date.UTC(2026, 10, 25, 1, 19, 26, 500));
    expect(rfc3339ToMillis('2026-11-25T01:19:26Z')).toBe(Date.UTC(2026, 10, 25, 1, 19, 26));
  });

  it('applies an offset', () => {
    expect(rfc3339ToMillis('2026-11-25T03:19:26+02:00')).toBe(Date.UTC(2026, 10, 25, 1, 19, 26));
    expect(rfc3339ToMillis('2026-11-24T23:49:26-01:30')).toBe(Date.UTC(2026, 10, 25, 1, 19, 26));
  });

  it('treats Go’s zero time and anything malformed as no time', () => {
    expect(rfc3339ToMillis('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(rfc3339ToMillis('1969-12-31T23:59:59Z')).toBeUndefined();
    expect(rfc3339ToMillis('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(rfc3339ToMillis('2026-11-25 01:19:26Z')).toBeUndefined();
    expect(rfc3339ToMillis('yesterday')).toBeUndefined();
  });
});

describe('Docker since values', () => {
  it('writes Unix seconds with nine fraction digits', () => {
    expect(unixNanosToDockerSince(1_764_979_200_000_000_123n)).toBe('1764979200.000000123');
    expect(unixNanosToDockerSince(5n)).toBe('0.000000005');
    expect(dockerTimestampToSince('2026-11-25T01:19:26.5Z')).toBe(
      `${Date.UTC(2026, 10, 25, 1, 19, 26) / 1000}.500000000`,
    );
  });

  it('clamps times before 1970, Go’s zero time included, to the start', () => {
    expect(unixNanosToDockerSince(-1n)).toBe('0.000000000');
    expect(dockerTimestampToSince('0001-01-01T00:00:00Z')).toBe('0.000000000');
  });
});
