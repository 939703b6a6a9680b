import type { DatabaseSync } from 'node:sqlite';
import type { AuditStore } from '@bosun/hub';
import {
  AUDIT_SQL,
  type AuditRow,
  auditFromRow,
  auditKeepRows,
  auditListStatement,
  auditValues,
} from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';
import { inTransaction } from './sqlite-transaction.ts';

/**
 * The hub's audit store on SQLite: rows appended, listed newest first with filters, pruned by
 * age and row count.
 */
export function sqliteAuditStore(db: DatabaseSync): AuditStore {
  const sql = prepareAll(db, AUDIT_SQL);

  return {
    async append(record) {
      storeCall('appending to audit log', () => sql.append.run(...auditValues(record)));
    },
    async list(query) {
      const statement = auditListStatement(query);
      if (statement === undefined) return [];
      const rows = storeCall('reading audit log', () =>
        db.prepare(statement.sql).all(...statement.values),
      ) as AuditRow[];
      return rows.map(auditFromRow);
    },
    async prune({ before, keepRows }) {
      return storeCall('pruning audit log', () =>
        inTransaction(db, () => {
          const old = Number(sql.deleteOlder.run(before).changes);
          const beyond = Number(sql.deleteBeyond.run(auditKeepRows(keepRows)).changes);
          return old + beyond;
        }),
      );
    },
  };
}
