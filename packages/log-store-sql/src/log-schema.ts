/** One step of the log store's schema, applied once, in `version` order. */
export type LogMigration = { version: number; name: string; sql: string };

// Per-partition tables (lines_N, fts_N) are created and dropped at run time (log-partitions.ts);
// these hold what outlives a partition.
/** The log store's schema, as steps: each runtime records which it applied in its own way. */
export const LOG_MIGRATIONS: readonly LogMigration[] = [
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
