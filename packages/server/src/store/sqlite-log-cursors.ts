import type { DatabaseSync } from 'node:sqlite';
import type { LogCursorStore } from '@bosun/hub';
import { LOG_CURSOR_SQL, type LogCursorRow, logCursorFromRow, logCursorValues } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';
import { inTransaction } from './sqlite-transaction.ts';

/**
 * The hub's log cursor store on SQLite: per agent and container, the last entry the manager held,
 * so a restarted manager resumes each stream without a gap or a duplicate. Each stream's position
 * has two columns of its own, NULL for a stream without one and in rows stored before them.
 */
export function sqliteLogCursorStore(db: DatabaseSync): LogCursorStore {
  const sql = prepareAll(db, LOG_CURSOR_SQL);

  return {
    async get(agentId, containerId) {
      const row = storeCall('reading log cursor', () => sql.get.get(agentId, containerId)) as
        | LogCursorRow
        | undefined;
      return row && logCursorFromRow(row);
    },
    async put(records) {
      if (records.length === 0) return;
      // One transaction per batch: one fsync instead of one per cursor, and a
      // batch is stored whole or not at all. Later entries for a key win.
      storeCall('storing log cursors', () =>
        inTransaction(db, () => {
          for (const record of records) sql.upsert.run(...logCursorValues(record));
        }),
      );
    },
    async deleteForContainer(agentId, containerId) {
      storeCall('deleting log cursor', () => sql.delete.run(agentId, containerId));
    },
  };
}
