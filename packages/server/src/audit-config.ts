import { durationMs, ProtocolError } from '@bosun/protocol';

/** The shortest `--audit-max-age`: a shorter trail would lose what happened before a night's sleep. */
export const MIN_AUDIT_MAX_AGE_MS = 3_600_000;
/** The fewest `--audit-max-rows`: below this, one burst of activity would push out the day's record. */
export const MIN_AUDIT_MAX_ROWS = 1_000;
/** The most `--audit-max-rows`, so a typo cannot let the database grow without bound. */
export const MAX_AUDIT_MAX_ROWS = 100_000_000;

/** `--audit-max-age`: how long audit rows are kept, a duration such as `90d` (at least 1h). */
export function parseAuditMaxAge(text: string): number {
  const ms = durationMs(text.trim());
  if (ms === undefined || ms < MIN_AUDIT_MAX_AGE_MS) {
    throw new ProtocolError(
      'invalid_data',
      `--audit-max-age ${JSON.stringify(text)}: expected a duration of at least 1h, such as 30d or 90d`,
    );
  }
  return ms;
}

/** `--audit-max-rows`: how many audit rows are kept at most, a whole number from 1,000 to 100,000,000. */
export function parseAuditMaxRows(text: string): number {
  const rows = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(rows >= MIN_AUDIT_MAX_ROWS && rows <= MAX_AUDIT_MAX_ROWS)) {
    throw new ProtocolError(
      'invalid_data',
      `--audit-max-rows ${JSON.stringify(text)}: expected a whole number from ${MIN_AUDIT_MAX_ROWS} to ${MAX_AUDIT_MAX_ROWS}`,
    );
  }
  return rows;
}
