import { dockerTimestampToUnixNanos, ProtocolError, RFC3339_PATTERN } from '@bosun/protocol';
import { resolveLogTime } from './durations.ts';

/**
 * A `since`/`until` value (RFC 3339, Unix seconds, or a duration back from `nowMs`) as the Docker
 * timestamp the log store compares lines against: RFC 3339 in UTC with nine fraction digits, so
 * Unix seconds keep their full precision.
 */
export function resolveStoreTime(value: string, field: string, nowMs: number): string {
  const resolved = resolveLogTime(value, field, nowMs);
  if (RFC3339_PATTERN.test(resolved)) {
    // The store reads the offset and fraction itself; a parse here only refuses a date that
    // matches the pattern but names no day (month 13).
    if (Number.isNaN(Date.parse(resolved))) throw new ProtocolError('invalid_data', `${field}: no such time`);
    return resolved;
  }
  const [seconds = '0', fraction = ''] = resolved.split('.');
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}.${fraction.padEnd(9, '0')}Z`;
}

/** A Docker timestamp in milliseconds since the epoch (its fraction cut to milliseconds). */
export function storeTimeMs(ts: string): number {
  return Number(dockerTimestampToUnixNanos(ts) / 1_000_000n);
}
