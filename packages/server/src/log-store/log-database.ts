import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from '../store/migrations.ts';
import { openSqliteFile } from '../store/sqlite-database.ts';

// Per-partition tables (lines_N, fts_N) are created and dropped at run time (log-partitions.ts);
// these hold what outlives a partition.
const LOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'log store',
    sql: `
CREATE TABLE streams (
  id INTEGER PRIMARY KEY,
  agent_id TEXT NOT NULL,
  container_id TEXT NOT NULL,
  meta TEXT NOT NULL CHECK (json_valid(meta)),
  newest_seq INTEGER NOT NULL,
  cursor TEXT CHECK (cursor IS NULL OR json_valid(cursor)),
  UNIQUE (agent_id, container_id)
) STRICT;
CREATE TABLE partitions (
  id INTEGER PRIMARY KEY,
  opened_at INTEGER NOT NULL,
  sealed INTEGER NOT NULL DEFAULT 0,
  text_bytes INTEGER NOT NULL DEFAULT 0,
  min_tns INTEGER,
  max_tns INTEGER
) STRICT;
CREATE TABLE partition_streams (
  partition_id INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  first_tns INTEGER NOT NULL,
  first_ts TEXT NOT NULL,
  last_tns INTEGER NOT NULL,
  last_ts TEXT NOT NULL,
  PRIMARY KEY (partition_id, stream_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE markers (
  id INTEGER PRIMARY KEY,
  partition_id INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  entry TEXT NOT NULL CHECK (json_valid(entry))
) STRICT;
CREATE INDEX markers_stream ON markers (stream_id, pos);
`,
  },
];

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
