import { durationMs, ProtocolError, RFC3339_PATTERN } from '@bosun/protocol';

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
