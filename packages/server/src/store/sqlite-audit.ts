import type { DatabaseSync } from 'node:sqlite';
import type { AuditRecord, AuditStore } from '@bosun/hub';
import { storeCall } from './sqlite-errors.ts';

type AuditRow = AuditRecord;

const COLUMNS = 'id, at, actor, action, target, outcome, detail';

/** The hub's audit store on SQLite: rows appended, listed newest first, a page before an id. */
export function sqliteAuditStore(db: DatabaseSync): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor, action, target, outcome, detail)
     VALUES (:at, :actor, :action, :target, :outcome, :detail)`,
  );
  // Two statements rather than one with "(? IS NULL OR id < ?)", which could keep
  // SQLite from walking the primary key backwards from the cursor.
  const selectNewest = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ?`);
  const selectBefore = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`);

  return {
    async append(record) {
      storeCall('appending to audit log', () =>
        insert.run({
          at: record.at,
          actor: record.actor,
          action: record.action,
          target: record.target,
          outcome: record.outcome,
          detail: record.detail,
        }),
      );
    },
    async list({ limit, beforeId }) {
      // A negative LIMIT means "no limit" to SQLite; the port means "nothing".
      const n = Number.isFinite(limit) ? Math.floor(limit) : 0;
      if (n <= 0) return [];
      const rows = storeCall('reading audit log', () =>
        beforeId === undefined ? selectNewest.all(n) : selectBefore.all(beforeId, n),
      ) as AuditRow[];
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
  };
}
