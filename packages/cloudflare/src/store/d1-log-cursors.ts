import type { LogCursorStore } from '@bosun/hub';
import { LOG_CURSOR_SQL, type LogCursorRow, logCursorFromRow, logCursorValues } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

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
        LOG_CURSOR_SQL.get,
        agentId,
        containerId,
      );
      return row && logCursorFromRow(row);
    },
    async put(records) {
      if (records.length === 0) return;
      // One batch: one round trip, and a batch is stored whole or not at all. Statements run in
      // order, so later entries for a key win.
      await calls.call('storing log cursors', (db) => {
        const upsert = db.prepare(LOG_CURSOR_SQL.upsert);
        return db.batch(records.map((record) => upsert.bind(...logCursorValues(record))));
      });
    },
    async deleteForContainer(agentId, containerId) {
      await calls.changes('deleting log cursor', LOG_CURSOR_SQL.delete, agentId, containerId);
    },
  };
}
