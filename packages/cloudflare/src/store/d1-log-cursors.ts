import type { LogCursorRecord, LogCursorStore } from '@bosun/hub';
import type { PositionsByStream, StreamPosition } from '@bosun/protocol';
import type { D1Calls } from './d1-calls.ts';

type LogCursorRow = {
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

const COLUMNS =
  'agent_id, container_id, seq, ts, count_at_ts, stdout_ts, stdout_count, stderr_ts, stderr_count, updated_at';

const UPSERT = `INSERT INTO log_cursors (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (agent_id, container_id) DO UPDATE SET
    seq = excluded.seq, ts = excluded.ts, count_at_ts = excluded.count_at_ts,
    stdout_ts = excluded.stdout_ts, stdout_count = excluded.stdout_count,
    stderr_ts = excluded.stderr_ts, stderr_count = excluded.stderr_count,
    updated_at = excluded.updated_at`;

/**
 * The hub's log cursor store on D1: per agent and container, the last entry the manager held, so
 * a restarted manager resumes each stream without a gap or a duplicate. Each stream's position
 * has two columns of its own, NULL for a stream without one.
 */
export function d1LogCursorStore(calls: D1Calls): LogCursorStore {
  return {
    async get(agentId, containerId) {
      const row = await calls.first<LogCursorRow>(
        'reading log cursor',
        `SELECT ${COLUMNS} FROM log_cursors WHERE agent_id = ? AND container_id = ?`,
        agentId,
        containerId,
      );
      return row && toRecord(row);
    },
    async put(records) {
      if (records.length === 0) return;
      // One batch: one round trip, and a batch is stored whole or not at all. Statements run in
      // order, so later entries for a key win.
      await calls.call('storing log cursors', (db) => {
        const upsert = db.prepare(UPSERT);
        return db.batch(
          records.map((r) =>
            upsert.bind(
              r.agentId,
              r.containerId,
              r.seq,
              r.ts,
              r.countAtTs,
              r.streams?.stdout?.ts ?? null,
              r.streams?.stdout?.countAtTs ?? null,
              r.streams?.stderr?.ts ?? null,
              r.streams?.stderr?.countAtTs ?? null,
              r.updatedAt,
            ),
          ),
        );
      });
    },
    async deleteForContainer(agentId, containerId) {
      await calls.changes(
        'deleting log cursor',
        'DELETE FROM log_cursors WHERE agent_id = ? AND container_id = ?',
        agentId,
        containerId,
      );
    },
  };
}

function toRecord(row: LogCursorRow): LogCursorRecord {
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
