import { ProtocolError, RFC3339_PATTERN } from '@bosun/protocol';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

// One or more number+unit pieces ("90s", "1h30m", "7d"). Bounded in length so a pathological
// string costs nothing to refuse.
const DURATION_PATTERN = /^(?:\d{1,9}[smhdw]){1,5}$/;
const PIECE = /(\d+)([smhdw])/g;
const MAX_DURATION_TEXT = 32;

/** `30m`, `1h`, `7d`, `1h30m` in milliseconds, or undefined when `text` is not a duration. */
export function durationMs(text: string): number | undefined {
  if (text.length > MAX_DURATION_TEXT || !DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PIECE)) total += Number(amount) * (UNIT_MS[unit!] ?? 0);
  return total;
}

/** Like `durationMs`, but a non-duration or a zero duration is the caller's `invalid_data`. */
export function parseDuration(text: string, field: string): number {
  const ms = durationMs(text);
  if (ms === undefined || ms <= 0) {
    throw new ProtocolError('invalid_data', `${field}: expected a duration like 30m, 1h or 7d`);
  }
  return ms;
}

const UNIX_SECONDS_PATTERN = /^\d{1,12}(?:\.\d{1,9})?$/;

/**
 * A `since`/`until` value as the agent takes it (RFC 3339 or Unix seconds). A relative duration
 * ("10m": ten minutes ago) is resolved here, against the manager's clock, because that is the
 * "now" the user meant when asking the manager.
 */
export function resolveLogTime(value: string, field: string, nowMs: number): string {
  if (RFC3339_PATTERN.test(value) || UNIX_SECONDS_PATTERN.test(value)) return value;
  const ms = durationMs(value);
  if (ms === undefined) {
    throw new ProtocolError(
      'invalid_data',
      `${field}: expected an RFC 3339 time, Unix seconds or a duration like 10m`,
    );
  }
  return (Math.max(0, nowMs - ms) / 1000).toFixed(3);
}

/** The inverse of `durationMs` for messages: `7d`, `90m`, `45s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
