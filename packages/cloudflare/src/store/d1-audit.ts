import type { AuditStore } from '@bosun/hub';
import {
  AUDIT_SQL,
  type AuditRow,
  auditFromRow,
  auditKeepRows,
  auditListStatement,
  auditValues,
} from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';

/**
 * The hub's audit store on D1: rows appended, listed newest first with filters, pruned by age and
 * row count.
 */
export function d1AuditStore(calls: D1Calls): AuditStore {
  return {
    async append(record) {
      await calls.changes('appending to audit log', AUDIT_SQL.append, ...auditValues(record));
    },
    async list(query) {
      const statement = auditListStatement(query);
      if (statement === undefined) return [];
      const rows = await calls.all<AuditRow>('reading audit log', statement.sql, ...statement.values);
      return rows.map(auditFromRow);
    },
    // One batch, so both deletions happen or neither (D1 runs a batch as one transaction).
    prune: ({ before, keepRows }) =>
      calls.call('pruning audit log', async (db) => {
        const results = await db.batch([
          db.prepare(AUDIT_SQL.deleteOlder).bind(before),
          db.prepare(AUDIT_SQL.deleteBeyond).bind(auditKeepRows(keepRows)),
        ]);
        return results.reduce((sum, result) => sum + result.meta.changes, 0);
      }),
  };
}
