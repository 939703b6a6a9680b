import { compareDockerTimestamps } from '@bosun/protocol';

/**
 * Go's zero time, which Docker itself prints for an entry it has no time for. Bytes that arrive
 * before any readable timestamp get it, so they are delivered rather than dropped.
 */
export const ZERO_TIMESTAMP = '0001-01-01T00:00:00Z';

/**
 * Two Docker timestamps of equal length have the same number of fraction digits, so string order
 * is time order; only a mixed pair (Docker trims trailing zeros) needs the padded compare, which
 * allocates. This runs once per line.
 */
export function compareTimestamps(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return compareDockerTimestamps(a, b);
}
