import type { AuditListQuery, AuditRecord, AuditStore } from '@bosun/hub';
import type { D1Calls } from './d1-calls.ts';

type AuditRow = Omit<AuditRecord, 'actorName'> & { actor_name: string | null };

const COLUMNS = 'id, at, actor, actor_name, action, target, outcome, detail, source';

/**
 * The hub's audit store on D1: rows appended, listed newest first with filters, pruned by age and
 * row count.
 */
export function d1AuditStore(calls: D1Calls): AuditStore {
  return {
    async append(record) {
      await calls.changes(
        'appending to audit log',
        `INSERT INTO audit_log (at, actor, actor_name, action, target, outcome, detail, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        record.at,
        record.actor,
        record.actorName,
        record.action,
        record.target,
        record.outcome,
        record.detail,
        record.source,
      );
    },
    async list(query) {
      // A negative LIMIT means "no limit" to SQLite; the port means "nothing".
      const n = Number.isFinite(query.limit) ? Math.floor(query.limit) : 0;
      if (n <= 0) return [];
      const { where, params } = whereClause(query);
      const rows = await calls.all<AuditRow>(
        'reading audit log',
        `SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ?`,
        ...params,
        n,
      );
      return rows.map(toRecord);
    },
    // One batch, so both deletions happen or neither (D1 runs a batch as one transaction).
    prune: ({ before, keepRows }) =>
      calls.call('pruning audit log', async (db) => {
        const results = await db.batch([
          db.prepare('DELETE FROM audit_log WHERE at < ?').bind(before),
          // Everything at or below the id of the first row past the newest `keepRows`.
          db
            .prepare(
              'DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)',
            )
            .bind(Math.max(0, Math.floor(keepRows))),
        ]);
        return results.reduce((sum, result) => sum + result.meta.changes, 0);
      }),
  };
}

// Filters are few and optional, so the statement is built per query from fixed fragments; every
// value is bound. The action prefix is compared with substr rather than LIKE, so `%` and `_` in
// it stay literal.
function whereClause(query: AuditListQuery): { where: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const add = (term: string, ...values: unknown[]) => {
    terms.push(term);
    params.push(...values);
  };
  if (query.beforeId !== undefined) add('id < ?', query.beforeId);
  if (query.since !== undefined) add('at >= ?', query.since);
  if (query.until !== undefined) add('at <= ?', query.until);
  if (query.actor !== undefined) add('(actor = ? OR lower(actor_name) = lower(?))', query.actor, query.actor);
  if (query.actionPrefix !== undefined)
    add('substr(action, 1, length(?)) = ?', query.actionPrefix, query.actionPrefix);
  if (query.target !== undefined) add('target = ?', query.target);
  if (query.outcome !== undefined) add('outcome = ?', query.outcome);
  if (query.source !== undefined) add('source = ?', query.source);
  return { where: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params };
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorName: row.actor_name,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
    source: row.source,
  };
}
