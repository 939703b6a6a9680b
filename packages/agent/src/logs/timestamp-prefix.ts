/**
 * With timestamps=1 Docker starts every message with an RFC3339Nano time and a space. The longest
 * is "2026-11-25T03:19:26.123456789+05:30 " (an offset only appears when the daemon's local zone is
 * not UTC); anything without a space by then is not a prefix.
 */
export const MAX_TIMESTAMP_PREFIX_BYTES = 36;

/** scanTimestampPrefix's answer when the bytes so far fit a prefix that is not complete yet. */
export const PREFIX_INCOMPLETE = 0;
/** scanTimestampPrefix's answer when the bytes cannot start a timestamp prefix. */
export const NOT_A_PREFIX = -1;

const DIGIT = 0;
// The fixed-width date-time part; 0 stands for any digit. Checked byte by byte instead of with a
// regular expression: this runs once per message.
const DATE_TIME_SHAPE = Uint8Array.from('dddd-dd-ddTdd:dd:dd', (c) => (c === 'd' ? DIGIT : c.charCodeAt(0)));
const DATE_TIME_BYTES = DATE_TIME_SHAPE.length;
const MAX_FRACTION_DIGITS = 9;
const DOT = 0x2e;
const ZULU = 0x5a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const SPACE = 0x20;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * Length of the timestamp prefix at `start` including its space, PREFIX_INCOMPLETE when the bytes
 * up to `end` fit the shape but stop before it is complete (a raw TTY stream cut by the socket),
 * or NOT_A_PREFIX.
 */
export function scanTimestampPrefix(bytes: Uint8Array, start: number, end: number): number {
  const available = end - start;
  const fixed = Math.min(available, DATE_TIME_BYTES);
  for (let i = 0; i < fixed; i++) {
    const byte = bytes[start + i];
    const want = DATE_TIME_SHAPE[i];
    if (want === DIGIT ? !isDigit(byte) : byte !== want) return NOT_A_PREFIX;
  }
  let i = start + DATE_TIME_BYTES;
  if (i >= end) return PREFIX_INCOMPLETE;
  if (bytes[i] === DOT) {
    const fractionStart = ++i;
    while (i < end && i - fractionStart < MAX_FRACTION_DIGITS && isDigit(bytes[i])) i++;
    if (i >= end) return PREFIX_INCOMPLETE;
    if (i === fractionStart) return NOT_A_PREFIX;
  }
  const zone = bytes[i];
  if (zone === ZULU) {
    i++;
  } else if (zone === PLUS || zone === MINUS) {
    const offsetEnd = i + 6;
    for (let j = i + 1; j < offsetEnd; j++) {
      if (j >= end) return PREFIX_INCOMPLETE;
      if (j === i + 3 ? bytes[j] !== COLON : !isDigit(bytes[j])) return NOT_A_PREFIX;
    }
    i = offsetEnd;
  } else {
    return NOT_A_PREFIX;
  }
  if (i >= end) return PREFIX_INCOMPLETE;
  return bytes[i] === SPACE ? i + 1 - start : NOT_A_PREFIX;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The prefix found by scanTimestampPrefix as a string, always in UTC ("Z") so timestamps compare
 * and validate the same whatever the daemon's zone.
 */
export function readTimestamp(bytes: Uint8Array, start: number, prefixLength: number): string {
  const ts = asBuffer(bytes).toString('latin1', start, start + prefixLength - 1);
  return ts.charCodeAt(ts.length - 1) === ZULU ? ts : offsetToUtc(ts);
}

// Rare path (a daemon whose local zone is not UTC): shift the whole seconds, keep the fraction.
function offsetToUtc(ts: string): string {
  const zoneAt = ts.length - 6;
  const millis = Date.parse(ts.slice(0, DATE_TIME_BYTES) + ts.slice(zoneAt));
  return `${new Date(millis).toISOString().slice(0, DATE_TIME_BYTES)}${ts.slice(DATE_TIME_BYTES, zoneAt)}Z`;
}
