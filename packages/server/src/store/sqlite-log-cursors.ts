import type { DatabaseSync } from 'node:sqlite';
import type { LogCursorRecord, LogCursorStore } from '@bosun/hub';
import type { PositionsByStream, StreamPosition } from '@bosun/protocol';
import { storeCall } from './sqlite-errors.ts';
import { inTransaction } from './sqlite-transaction.ts';

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

/**
 * The hub's log cursor store on SQLite: per agent and container, the last entry the manager held,
 * so a restarted manager resumes each stream without a gap or a duplicate. Each stream's position
 * has two columns of its own, NULL for a stream without one and in rows stored before them.
 */
export function sqliteLogCursorStore(db: DatabaseSync): LogCursorStore {
  const select = db.prepare(`SELECT ${COLUMNS} FROM log_cursors WHERE agent_id = ? AND container_id = ?`);
  const upsert = db.prepare(
    `INSERT INTO log_cursors (${COLUMNS})
     VALUES (:agentId, :containerId, :seq, :ts, :countAtTs,
             :stdoutTs, :stdoutCount, :stderrTs, :stderrCount, :updatedAt)
     ON CONFLICT (agent_id, container_id) DO UPDATE SET
       seq = excluded.seq, ts = excluded.ts, count_at_ts = excluded.count_at_ts,
       stdout_ts = excluded.stdout_ts, stdout_count = excluded.stdout_count,
       stderr_ts = excluded.stderr_ts, stderr_count = excluded.stderr_count,
       updated_at = excluded.updated_at`,
  );
  const deleteOne = db.prepare('DELETE FROM log_cursors WHERE agent_id = ? AND container_id = ?');

  return {
    async get(agentId, containerId) {
      const row = storeCall('reading log cursor', () => select.get(agentId, containerId)) as
        | LogCursorRow
        | undefined;
      return row && toRecord(row);
    },
    async put(records) {
      if (records.length === 0) return;
      // One transaction per batch: one fsync instead of one per cursor, and a
      // batch is stored whole or not at all. Later entries for a key win.
      storeCall('storing log cursors', () =>
        inTransaction(db, () => {
          for (const r of records) {
            upsert.run({
              agentId: r.agentId,
              containerId: r.containerId,
              seq: r.seq,
              ts: r.ts,
              countAtTs: r.countAtTs,
              stdoutTs: r.streams?.stdout?.ts ?? null,
              stdoutCount: r.streams?.stdout?.countAtTs ?? null,
              stderrTs: r.streams?.stderr?.ts ?? null,
              stderrCount: r.streams?.stderr?.countAtTs ?? null,
              updatedAt: r.updatedAt,
            });
          }
        }),
      );
    },
    async deleteForContainer(agentId, containerId) {
      storeCall('deleting log cursor', () => deleteOne.run(agentId, containerId));
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
