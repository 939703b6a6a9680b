import type { LogCursorRecord } from '@bosun/hub';
import type { PositionsByStream, StreamPosition } from '@bosun/protocol';
import type { SqlValue } from './sql-value.ts';

/** A `log_cursors` row as SQLite answers it; a stream's two columns are NULL when it has no position. */
export type LogCursorRow = {
  agent_id: string;
  container_id: string;
  seq: number;
  ts: string;
  count_at_ts: number;
  stdout_ts: string | null;
  stdout_count: number | null;
  stderr_ts: string | null;
  stderr_count: number | null;
  updated_at: number;
};

/** The columns of `log_cursors`, in the order `logCursorValues` gives their values. */
export const LOG_CURSOR_COLUMNS =
  'agent_id, container_id, seq, ts, count_at_ts, stdout_ts, stdout_count, stderr_ts, stderr_count, updated_at';

/** The log cursor store's statements, parameters by position. */
export const LOG_CURSOR_SQL = {
  // (agentId, containerId)
  get: `SELECT ${LOG_CURSOR_COLUMNS} FROM log_cursors WHERE agent_id = ? AND container_id = ?`,
  upsert: `INSERT INTO log_cursors (${LOG_CURSOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (agent_id, container_id) DO UPDATE SET
      seq = excluded.seq, ts = excluded.ts, count_at_ts = excluded.count_at_ts,
      stdout_ts = excluded.stdout_ts, stdout_count = excluded.stdout_count,
      stderr_ts = excluded.stderr_ts, stderr_count = excluded.stderr_count,
      updated_at = excluded.updated_at`,
  // (agentId, containerId)
  delete: 'DELETE FROM log_cursors WHERE agent_id = ? AND container_id = ?',
} as const;

/** The values of `record` for `LOG_CURSOR_SQL.upsert`, in `LOG_CURSOR_COLUMNS` order. */
export function logCursorValues(record: LogCursorRecord): SqlValue[] {
  return [
    record.agentId,
    record.containerId,
    record.seq,
    record.ts,
    record.countAtTs,
    record.streams?.stdout?.ts ?? null,
    record.streams?.stdout?.countAtTs ?? null,
    record.streams?.stderr?.ts ?? null,
    record.streams?.stderr?.countAtTs ?? null,
    record.updatedAt,
  ];
}

/** The cursor a `log_cursors` row holds; `streams` only when a stream has a position. */
export function logCursorFromRow(row: LogCursorRow): LogCursorRecord {
  const record: LogCursorRecord = {
    agentId: row.agent_id,
    containerId: row.container_id,
    seq: row.seq,
    ts: row.ts,
    countAtTs: row.count_at_ts,
    updatedAt: row.updated_at,
  };
  const stdout = position(row.stdout_ts, row.stdout_count);
  const stderr = position(row.stderr_ts, row.stderr_count);
  if (stdout === undefined && stderr === undefined) return record;
  const streams: PositionsByStream = {};
  if (stdout !== undefined) streams.stdout = stdout;
  if (stderr !== undefined) streams.stderr = stderr;
  record.streams = streams;
  return record;
}

function position(ts: string | null, countAtTs: number | null): StreamPosition | undefined {
  return ts === null || countAtTs === null ? undefined : { ts, countAtTs };
}
