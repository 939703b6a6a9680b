import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AuditListQuery, AuditRecord, AuditStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';
import { inTransaction } from './sqlite-transaction.ts';

type AuditRow = Omit<AuditRecord, 'actorName'> & { actor_name: string | null };

const COLUMNS = 'id, at, actor, actor_name, action, target, outcome, detail, source';

/**
 * The hub's audit store on SQLite: rows appended, listed newest first with filters, pruned by
 * age and row count.
 */
export function sqliteAuditStore(db: DatabaseSync): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor, actor_name, action, target, outcome, detail, source)
     VALUES (:at, :actor, :actor_name, :action, :target, :outcome, :detail, :source)`,
  );
  const deleteOlder = db.prepare('DELETE FROM audit_log WHERE at < ?');
  // Everything at or below the id of the first row past the newest `keepRows`.
  const deleteBeyond = db.prepare(
    'DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );

  return {
    async append(record) {
      storeCall('appending to audit log', () =>
        insert.run({
          at: record.at,
          actor: record.actor,
          actor_name: record.actorName,
          action: record.action,
          target: record.target,
          outcome: record.outcome,
          detail: record.detail,
          source: record.source,
        }),
      );
    },
    async list(query) {
      // A negative LIMIT means "no limit" to SQLite; the port means "nothing".
      const n = Number.isFinite(query.limit) ? Math.floor(query.limit) : 0;
      if (n <= 0) return [];
      const { where, params } = whereClause(query);
      const rows = storeCall('reading audit log', () =>
        db.prepare(`SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ?`).all(...params, n),
      ) as AuditRow[];
      return rows.map(toRecord);
    },
    async prune({ before, keepRows }) {
      return storeCall('pruning audit log', () =>
        inTransaction(db, () => {
          const old = Number(deleteOlder.run(before).changes);
          const beyond = Number(deleteBeyond.run(Math.max(0, Math.floor(keepRows))).changes);
          return old + beyond;
        }),
      );
    },
  };
}

// Filters are few and optional, so the statement is built per query from fixed fragments; every
// value is bound. The action prefix is compared with substr rather than LIKE, so `%` and `_` in
// it stay literal.
function whereClause(query: AuditListQuery): { where: string; params: SQLInputValue[] } {
  const terms: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (term: string, ...values: SQLInputValue[]) => {
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
