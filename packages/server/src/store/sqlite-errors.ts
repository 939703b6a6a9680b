import { ProtocolError } from '@bosun/protocol';
import { StoreFailure, storeFailureReason } from './store-failure.ts';

// Extended result codes as reported by node:sqlite in `errcode`.
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/**
 * Runs one storage call and turns whatever SQLite throws into a ProtocolError.
 * SQLite's own messages name tables, columns and constraints, so they travel only
 * as `cause` (for the server's log), never as the message a caller may pass on.
 *
 * @param action what was being done, for the message ("creating user")
 * @param conflict the message for a unique-key violation, when one is expected
 */
export function storeCall<T>(action: string, fn: () => T, conflict?: string): T {
  try {
    return fn();
  } catch (err) {
    throw toStoreError(err, action, conflict);
  }
}

/**
 * What `storeCall` throws for `err`: a ProtocolError whose message names only `action` (or
 * `conflict`, for a unique-key violation when one was expected), SQLite's own text kept as `cause`.
 * A busy, full or failing database becomes a `StoreFailure` (503), anything else `internal`.
 */
export function toStoreError(err: unknown, action: string, conflict?: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  if (code === 'ERR_INVALID_STATE') {
    return new ProtocolError('internal', `store is closed (${action})`, { cause: err });
  }
  if (
    conflict !== undefined &&
    (errcode === SQLITE_CONSTRAINT_UNIQUE || errcode === SQLITE_CONSTRAINT_PRIMARYKEY)
  ) {
    return new ProtocolError('conflict', conflict);
  }
  const reason = storeFailureReason(err);
  if (reason !== undefined) return new StoreFailure(reason, action, err);
  return new ProtocolError('internal', `storage error while ${action}`, { cause: err });
}
