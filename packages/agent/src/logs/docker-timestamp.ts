import { compareDockerTimestamps, dockerTimestampToUnixNanos } from '@bosun/protocol';

// Go's zero time, which Docker itself prints for an entry it has no time for. Bytes that arrive
// before any readable timestamp get it, so they are delivered rather than dropped.
export const ZERO_TIMESTAMP = '0001-01-01T00:00:00Z';

// Two Docker timestamps of equal length have the same number of fraction digits, so string order
// is time order; only a mixed pair (Docker trims trailing zeros) needs the padded compare, which
// allocates. This runs once per line.
export function compareTimestamps(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return compareDockerTimestamps(a, b);
}

const NANOS_PER_SECOND = 1_000_000_000n;

// The `since=` value Docker's logs endpoint takes: Unix seconds with a 9-digit fraction. Docker
// treats it as inclusive (and some versions only look at whole seconds), so a follow from here
// repeats entries that were already sent; the resume filter drops them.
export function toDockerSince(ts: string): string {
  const nanos = dockerTimestampToUnixNanos(ts);
  if (nanos <= 0n) return '0.000000000';
  const fraction = (nanos % NANOS_PER_SECOND).toString().padStart(9, '0');
  return `${nanos / NANOS_PER_SECOND}.${fraction}`;
}
