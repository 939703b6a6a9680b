import type { AuditListQuery, AuditRecord } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** An `audit_log` row as SQLite answers it. */
export type AuditRow = Omit<AuditRecord, 'actorName'> & { actor_name: string | null };

/** The columns an audit record is read from. */
export const AUDIT_COLUMNS = 'id, at, actor, actor_name, action, target, outcome, detail, source';

/** The audit store's fixed statements, parameters by position. */
export const AUDIT_SQL = {
  // The id is SQLite's to give (AUTOINCREMENT).
  append: `INSERT INTO audit_log (at, actor, actor_name, action, target, outcome, detail, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  // (before)
  deleteOlder: 'DELETE FROM audit_log WHERE at < ?',
  // Everything at or below the id of the first row past the newest `keepRows`: (keepRows).
  deleteBeyond:
    'DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)',
} as const;

/** The values of `record` for `AUDIT_SQL.append`. */
export function auditValues(record: Omit<AuditRecord, 'id'>): SqlValue[] {
  return [
    record.at,
    record.actor,
    record.actorName,
    record.action,
    record.target,
    record.outcome,
    record.detail,
    record.source,
  ];
}

/**
 * The statement listing what `query` asks for, newest first, and its values; undefined when it
 * asks for nothing (a limit below one: a negative LIMIT means "no limit" to SQLite, where the
 * port means "nothing").
 */
export function auditListStatement(query: AuditListQuery): { sql: string; values: SqlValue[] } | undefined {
  const n = Number.isFinite(query.limit) ? Math.floor(query.limit) : 0;
  if (n <= 0) return undefined;
  const { where, values } = auditWhere(query);
  return {
    sql: `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ?`,
    values: [...values, n],
  };
}

// Filters are few and optional, so the statement is built per query from fixed fragments; every
// value is bound. The action prefix is compared with substr rather than LIKE, so `%` and `_` in
// it stay literal.
function auditWhere(query: AuditListQuery): { where: string; values: SqlValue[] } {
  const terms: string[] = [];
  const values: SqlValue[] = [];
  const add = (term: string, ...bound: SqlValue[]) => {
    terms.push(term);
    values.push(...bound);
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
  return { where: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, values };
}

/** The audit record an `audit_log` row holds. */
export function auditFromRow(row: AuditRow): AuditRecord {
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

/** How many rows prune keeps at least: `keepRows` as a whole number, never below zero. */
export function auditKeepRows(keepRows: number): number {
  return Math.max(0, Math.floor(keepRows));
}
