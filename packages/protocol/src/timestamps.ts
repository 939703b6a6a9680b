import { z } from 'zod';
import { ProtocolError } from './errors.ts';

const DATE_TIME = '(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d)';

/**
 * A log line's timestamp as Docker writes it: UTC, RFC3339Nano. Docker's fixed format has 9
 * fraction digits, but Go's RFC3339Nano trims trailing zeros, so 0-9 digits are accepted.
 */
export const DOCKER_TIMESTAMP_PATTERN = new RegExp(`^${DATE_TIME}(?:\\.(\\d{1,9}))?Z$`);

/**
 * An RFC 3339 time with any offset and 0-9 fraction digits: event and inspect times come from Go
 * (any offset) or Date#toISOString (milliseconds).
 */
export const RFC3339_PATTERN = new RegExp(
  `^${DATE_TIME}(?:\\.\\d{1,9})?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$`,
);

/** A log line's timestamp: see `DOCKER_TIMESTAMP_PATTERN`. */
export const dockerTimestampSchema = z
  .string()
  .regex(DOCKER_TIMESTAMP_PATTERN, 'expected a Docker timestamp like 2026-11-25T03:19:26.123456789Z');

/** An event or inspect time: see `RFC3339_PATTERN`. */
export const rfc3339Schema = z
  .string()
  .regex(RFC3339_PATTERN, 'expected an RFC 3339 timestamp like 2026-11-25T03:19:26.123Z');

const SECONDS_END = 19;

function fraction9(ts: string): string {
  if (ts.charCodeAt(SECONDS_END) !== 0x2e) return '000000000';
  const end = ts.indexOf('Z', SECONDS_END);
  return ts.slice(SECONDS_END + 1, end < 0 ? undefined : end).padEnd(9, '0');
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two Docker timestamps (negative, zero or positive). Plain string order fails when
 * fraction lengths differ ("…26Z" sorts after "…26.5Z"), so the seconds and the fraction, padded
 * to nanoseconds, are compared separately.
 */
export function compareDockerTimestamps(a: string, b: string): number {
  return order(a.slice(0, SECONDS_END), b.slice(0, SECONDS_END)) || order(fraction9(a), fraction9(b));
}

// Days since 1970-01-01 in the proleptic Gregorian calendar, in integer arithmetic so that
// Date's two-digit-year and local-time quirks cannot creep in.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * A Docker timestamp as nanoseconds since the epoch; throws `invalid_data` for anything else.
 * Nanosecond precision does not fit a double, hence bigint.
 */
export function dockerTimestampToUnixNanos(ts: string): bigint {
  const m = DOCKER_TIMESTAMP_PATTERN.exec(ts);
  if (!m) throw new ProtocolError('invalid_data', 'not a Docker timestamp');
  const [, year, month, day, hour, minute, second, fraction = ''] = m;
  const seconds =
    daysFromCivil(Number(year), Number(month), Number(day)) * 86400 +
    Number(hour) * 3600 +
    Number(minute) * 60 +
    Number(second);
  return BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
}

// The parts of a time RFC3339_PATTERN has already accepted.
const RFC3339_PARTS =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch, or `undefined` for text that is not RFC 3339 or names a time
 * before 1970 (Go's zero time, `0001-01-01T00:00:00Z`, means "never"). Parsed by hand because
 * `Date.parse` is only specified for three fraction digits and Docker writes nine.
 */
export function rfc3339ToMillis(text: string): number | undefined {
  const m = RFC3339_PATTERN.test(text) ? RFC3339_PARTS.exec(text) : null;
  if (!m || Number(m[1]) < 1970) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours, offsetMinutes] = m;
  const seconds =
    daysFromCivil(Number(year), Number(month), Number(day)) * 86400 +
    Number(hour) * 3600 +
    Number(minute) * 60 +
    Number(second);
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60)
    : 0;
  const ms = (seconds - offsetSeconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * The `since=`/`until=` value Docker's logs and events endpoints take: Unix seconds with a
 * 9-digit fraction (`1764979200.000000123`). Times before 1970 clamp to zero, which Docker reads
 * as "from the start". Docker treats `since` as inclusive, so a read from here repeats the line
 * stamped exactly then; callers that resume drop what they already hold.
 */
export function unixNanosToDockerSince(nanos: bigint): string {
  const clamped = nanos < 0n ? 0n : nanos;
  const fraction = (clamped % NANOS_PER_SECOND).toString().padStart(9, '0');
  return `${clamped / NANOS_PER_SECOND}.${fraction}`;
}

/** `unixNanosToDockerSince` of a Docker timestamp (Go's zero time gives `0.000000000`). */
export function dockerTimestampToSince(ts: string): string {
  return unixNanosToDockerSince(dockerTimestampToUnixNanos(ts));
}
