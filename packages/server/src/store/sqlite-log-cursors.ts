import type { DatabaseSync } from 'node:sqlite';
import type { LogCursorRecord, LogCursorStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';
import { inTransaction } from './sqlite-transaction.ts';

type LogCursorRow = {
  agent_id: string;
  container_id: string;
  seq: number;
  ts: string;
  count_at_ts: number;
  updated_at: number;
};

const COLUMNS = 'agent_id, container_id, seq, ts, count_at_ts, updated_at';

/**
 * The hub's log cursor store on SQLite: per agent and container, the last entry the manager held,
 * so a restarted manager resumes each stream without a gap or a duplicate.
 */
export function sqliteLogCursorStore(db: DatabaseSync): LogCursorStore {
  const select = db.prepare(`SELECT ${COLUMNS} FROM log_cursors WHERE agent_id = ? AND container_id = ?`);
  const upsert = db.prepare(
    `INSERT INTO log_cursors (${COLUMNS})
     VALUES (:agentId, :containerId, :seq, :ts, :countAtTs, :updatedAt)
     ON CONFLICT (agent_id, container_id) DO UPDATE SET
       seq = excluded.seq, ts = excluded.ts, count_at_ts = excluded.count_at_ts, updated_at = excluded.updated_at`,
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
  return {
    agentId: row.agent_id,
    containerId: row.container_id,
    seq: row.seq,
    ts: row.ts,
    countAtTs: row.count_at_ts,
    updatedAt: row.updated_at,
  };
}
