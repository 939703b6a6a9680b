import { LOG_MIGRATIONS } from '@bosun/log-store-sql';
import type { DoSqlLike, DoTransactionLike } from './do-sql-database.ts';

/**
 * Brings the log store's tables in the object's SQLite storage up to date. The platform refuses
 * `PRAGMA user_version`, where node:sqlite keeps the applied version, so it is kept in a table of
 * its own; each step commits with its record.
 */
export function migrateDoLogSchema(sql: DoSqlLike, storage: DoTransactionLike): void {
  sql.exec('CREATE TABLE IF NOT EXISTS log_store_schema (version INTEGER NOT NULL) STRICT');
  const applied = Number(
    sql.exec('SELECT coalesce(max(version), 0) AS version FROM log_store_schema').one().version,
  );
  for (const migration of LOG_MIGRATIONS) {
    if (migration.version <= applied) continue;
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      sql.exec('INSERT INTO log_store_schema (version) VALUES (?)', migration.version);
    });
  }
}
