import type { AuditListQuery } from '@bosun/hub';
import { type AuditFilterQuery, durationMs, ProtocolError, RFC3339_PATTERN } from '@bosun/protocol';

const UNIX_SECONDS_PATTERN = /^\d{1,12}(?:\.\d{1,9})?$/;

/**
 * An audit filter's time as milliseconds since the epoch: RFC 3339, Unix seconds, or a duration
 * back from the manager's now (`1h`), the "now" the user meant when asking the manager.
 */
export function resolveAuditTime(value: string, field: string, nowMs: number): number {
  if (UNIX_SECONDS_PATTERN.test(value)) return Math.floor(Number(value) * 1000);
  if (RFC3339_PATTERN.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  const ms = durationMs(value);
  if (ms === undefined) {
    throw new ProtocolError(
      'invalid_data',
      `query.${field}: expected an RFC 3339 time, Unix seconds or a duration like 1h`,
    );
  }
  return Math.max(0, nowMs - ms);
}

/** The store's filters for a request's (schema-checked) audit filters. */
export function auditListFilters(
  query: AuditFilterQuery,
  nowMs: number,
): Omit<AuditListQuery, 'limit' | 'beforeId'> {
  return {
    ...(query.since === undefined ? {} : { since: resolveAuditTime(query.since, 'since', nowMs) }),
    ...(query.until === undefined ? {} : { until: resolveAuditTime(query.until, 'until', nowMs) }),
    ...(query.user === undefined ? {} : { actor: query.user }),
    ...(query.action === undefined ? {} : { actionPrefix: query.action }),
    ...(query.target === undefined ? {} : { target: query.target }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
    ...(query.source === undefined ? {} : { source: query.source }),
  };
}
