import { dockerTimestampToUnixNanos, RFC3339_PATTERN, unixNanosToDockerSince } from '@bosun/protocol';
import { UsageError } from '../exit-codes.ts';
import { durationMs } from './duration.ts';

/**
 * A `--since`/`--until` bound: `wire` is what the manager's log read takes (RFC 3339 or Unix
 * seconds), `nanos` is the same instant for comparing with line timestamps here.
 */
export type LogTime = { wire: string; nanos: bigint };

const UNIX_SECONDS_PATTERN = /^(\d{1,12})(?:\.(\d{1,9}))?$/;
const OFFSET_PATTERN = /(Z|[+-]\d{2}:\d{2})$/;
const NANOS_PER_MS = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Reads a time as `docker logs` does: RFC 3339, Unix seconds, or a duration before `now` (10m,
 * 2h). Relative times are resolved here because the user meant this machine's clock.
 */
export function parseLogTime(flag: string, value: string, now = Date.now()): LogTime {
  const unix = UNIX_SECONDS_PATTERN.exec(value);
  if (unix) {
    const [, seconds = '0', fraction = ''] = unix;
    return { wire: value, nanos: BigInt(seconds) * NANOS_PER_SECOND + BigInt(fraction.padEnd(9, '0')) };
  }
  if (RFC3339_PATTERN.test(value)) return { wire: value, nanos: rfc3339Nanos(value) };
  const ago = durationMs(value);
  if (ago !== undefined) return fromNanos(BigInt(now - ago) * NANOS_PER_MS);
  throw new UsageError(
    `${flag} expects an RFC 3339 time (2026-11-25T10:00:00Z), Unix seconds or a duration such as 10m; got ${JSON.stringify(value)}`,
  );
}

function fromNanos(nanos: bigint): LogTime {
  const clamped = nanos < 0n ? 0n : nanos;
  return { wire: unixNanosToDockerSince(clamped), nanos: clamped };
}

// Date keeps milliseconds only, so the seconds come from Date (which applies the offset) and the
// fraction, to the nanosecond, from the text.
function rfc3339Nanos(value: string): bigint {
  const fractionMatch = /\.(\d{1,9})/.exec(value);
  const whole = value.replace(/\.\d{1,9}/, '');
  if (!OFFSET_PATTERN.test(whole)) throw new UsageError(`${JSON.stringify(value)} has no time zone`);
  const ms = Date.parse(whole);
  if (Number.isNaN(ms)) throw new UsageError(`${JSON.stringify(value)} is not a valid time`);
  return BigInt(ms) * NANOS_PER_MS + BigInt((fractionMatch?.[1] ?? '').padEnd(9, '0'));
}

/** The instant of a line's Docker timestamp, for comparing with a LogTime. */
export function lineNanos(ts: string): bigint {
  return dockerTimestampToUnixNanos(ts);
}
