import { ProtocolError } from '@bosun/protocol';

/** Why D1 cannot be used for now: overloaded or unreachable, or full. */
export type D1FailureReason = 'busy' | 'full';

// D1 reports errors as text only (`D1_ERROR: … SQLITE_CONSTRAINT (extended: …)` locally, the
// extended code sometimes absent in production), so the message is all there is to match.
const UNIQUE = /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/;
const FULL = /SQLITE_FULL|exceeded maximum DB size|database or disk is full/i;
// The errors Cloudflare documents as worth retrying: the object behind the database reset,
// unreachable, overloaded or too slow.
const BUSY =
  /SQLITE_BUSY|network connection lost|overloaded|too many requests queued|exceeded timeout|caused object to be reset|code was updated|transient issue|client disconnected|exceeded its memory limit/i;

const MESSAGES: Record<D1FailureReason, string> = {
  busy: "the manager's database (D1) is overloaded or unreachable; try again",
  full: "the manager's database (D1) is full; try again once space is freed",
};

// What Retry-After says: an overload passes quickly, a full database needs a person.
const RETRY_AFTER_MS: Record<D1FailureReason, number> = { busy: 1_000, full: 5_000 };

/**
 * What a failed D1 call throws: a ProtocolError whose message names only `action` (or
 * `conflict`, for a unique-key violation when one was expected), D1's own text kept as `cause`,
 * since it names tables and constraints. An overloaded, unreachable or full database becomes
 * `store_unavailable` (503 with Retry-After), anything else `internal`.
 */
export function toD1StoreError(err: unknown, action: string, conflict?: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const text = messageOf(err);
  if (conflict !== undefined && UNIQUE.test(text)) return new ProtocolError('conflict', conflict);
  const reason = d1FailureReason(text);
  if (reason !== undefined) {
    return new ProtocolError('store_unavailable', `${MESSAGES[reason]} (${action})`, {
      details: { retryAfterMs: RETRY_AFTER_MS[reason] },
      cause: err,
    });
  }
  return new ProtocolError('internal', `storage error while ${action}`, { cause: err });
}

function d1FailureReason(text: string): D1FailureReason | undefined {
  if (FULL.test(text)) return 'full';
  if (BUSY.test(text)) return 'busy';
  return undefined;
}

// The proxy Miniflare hands to Node wraps D1's error, whose text is then in `cause`.
function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
