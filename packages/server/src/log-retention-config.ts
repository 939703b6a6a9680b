import {
  DEFAULT_STREAM_RETENTION,
  type LogRetention,
  type RetentionPolicy,
  retentionPolicySetting,
} from '@bosun/hub';
import { byteSize, ProtocolError } from '@bosun/protocol';

const GiB = 1024 ** 3;
const DAY_MS = 24 * 3600 * 1000;

/** The bounds of `logs.db` unless set: 2 GiB for the file and its WAL, and the hub's per-stream defaults. */
export const DEFAULT_LOG_RETENTION: LogRetention = { maxBytes: 2 * GiB, ...DEFAULT_STREAM_RETENTION };

/** `--log-retention-bytes` and `--log-retention-container-bytes`: a size such as `2GiB`, 0 for no bound. */
export function parseRetentionBytes(text: string, flag: string): number {
  const bytes = text.trim() === '0' ? 0 : byteSize(text);
  if (bytes === undefined) {
    throw new ProtocolError(
      'invalid_data',
      `${flag} ${JSON.stringify(text)}: expected a size such as 2GiB, 500MiB, a number of bytes, or 0 for no bound`,
    );
  }
  return bytes;
}

const AGE = /^(\d{1,6})(m|h|d)$/;
const AGE_UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: DAY_MS };

/** `--log-retention-age`: minutes, hours or days such as `90m`, `48h` or `7d`; 0 for no bound. */
export function parseRetentionAge(text: string): number {
  const value = text.trim();
  if (value === '0') return 0;
  const match = AGE.exec(value);
  const unit = match?.[2];
  if (!match || unit === undefined) {
    throw new ProtocolError(
      'invalid_data',
      `--log-retention-age ${JSON.stringify(text)}: expected a duration such as 90m, 48h or 7d, or 0 for no bound`,
    );
  }
  return Number(match[1]) * (AGE_UNIT_MS[unit] ?? DAY_MS);
}

/** `--retain`: which containers' logs the manager keeps (see `RetentionPolicy`). */
export function parseRetain(text: string): RetentionPolicy {
  return retentionPolicySetting(text, '--retain');
}

/** `--max-retained-streams`: retained containers ingested at once, at least 1. */
export function parseMaxRetainedStreams(text: string): number {
  const value = text.trim();
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new ProtocolError(
      'invalid_data',
      `--max-retained-streams ${JSON.stringify(text)}: expected a whole number, at least 1`,
    );
  }
  return Number(value);
}
