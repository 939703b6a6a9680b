import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `fn` in one write transaction. `fn` is synchronous on purpose: no other
 * JavaScript can run between BEGIN and COMMIT, so callers on the one connection
 * never see each other's half-done work. IMMEDIATE takes the write lock up front,
 * so a second process waits (busy_timeout) instead of failing at its first write.
 */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR) end the transaction themselves.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
