const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;
const SECONDS_END = 19;

function digits(ts: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = ts.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

// Hand-parsed because it runs once per arriving line; null for anything else.
function parseTs(ts: string): bigint | null {
  if (ts.length < 20 || ts.charCodeAt(4) !== 0x2d || ts.charCodeAt(10) !== 0x54) return null;
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const hour = digits(ts, 11, 2);
  const minute = digits(ts, 14, 2);
  const second = digits(ts, 17, 2);
  let i = SECONDS_END;
  let fraction = 0;
  let scale = 1_000_000_000;
  if (ts.charCodeAt(i) === 0x2e) {
    i++;
    const start = i;
    while (i < ts.length && i - start < 9) {
      const d = ts.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      fraction = fraction * 10 + d;
      scale /= 10;
      i++;
    }
    if (i === start) return null;
  }
  let offsetMinutes = 0;
  const zone = ts.charCodeAt(i);
  if (zone === 0x5a && i === ts.length - 1) {
    offsetMinutes = 0;
  } else if ((zone === 0x2b || zone === 0x2d) && i === ts.length - 6 && ts.charCodeAt(i + 3) === 0x3a) {
    const sign = zone === 0x2b ? 1 : -1;
    offsetMinutes = sign * (digits(ts, i + 1, 2) * 60 + digits(ts, i + 4, 2));
  } else {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return null;
  return BigInt(ms / 1000) * NS_PER_SECOND + BigInt(fraction * scale);
}

/**
 * Docker's RFC3339Nano (0-9 fraction digits, Go trims trailing zeros; `Z` or an offset) to
 * nanoseconds since the epoch. Input that is not a timestamp gives 0n, which sorts first: the
 * protocol already validated every line's stamp, so this only meets hand-made markers, and a
 * throw on the hot path would lose a whole batch.
 */
export function tsKeyOf(ts: string): bigint {
  return parseTs(ts) ?? 0n;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * A Docker timestamp in the viewer's local time: `HH:MM:SS.mmm`, or with `full` the date first
 * (`YYYY-MM-DD HH:MM:SS.mmm`). Unreadable input is returned as it came, so nothing vanishes.
 */
export function formatTs(ts: string, mode: 'time' | 'full'): string {
  const key = parseTs(ts);
  if (key === null) return ts;
  const date = new Date(Number(key / NS_PER_MS));
  const time = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
  if (mode === 'time') return time;
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ${time}`;
}
