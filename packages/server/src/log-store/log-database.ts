import type { DatabaseSync } from 'node:sqlite';
import { LOG_MIGRATIONS } from '@bosun/log-store-sql';
import { openSqliteFile } from '../store/sqlite-database.ts';

/**
 * Opens (creating if needed) the log store's own file, beside the manager's database and apart
 * from it, so a flood of lines never holds the lock that logins and enrolments wait on. Opened as
 * the manager's database is (private file, WAL, the same short busy timeout), plus incremental
 * auto-vacuum, set before the first table: it is what lets a dropped partition give its pages
 * back to the file system.
 */
export function openLogDatabase(path: string): DatabaseSync {
  return openSqliteFile(path, {
    what: 'log store',
    migrations: LOG_MIGRATIONS,
    setup(db) {
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      db.exec('PRAGMA journal_mode = WAL');
      // Lines are re-read from Docker after a crash (the cursor is written with them), so the last
      // commits may be lost on power loss without losing a line.
      db.exec('PRAGMA synchronous = NORMAL');
    },
  });
}
