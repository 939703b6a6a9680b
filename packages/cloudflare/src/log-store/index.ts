import type { LogRetention, LogStore } from '@bosun/hub';
import { SqlLogStore, type SqlLogStoreOptions } from '@bosun/log-store-sql';
import { migrateDoLogSchema } from './do-log-schema.ts';
import { type DoSqlLike, type DoTransactionLike, doSqlDatabase } from './do-sql-database.ts';

export type { DoSqlCursor, DoSqlLike, DoSqlValue, DoTransactionLike } from './do-sql-database.ts';

/** Options of the Durable Object's log store: the SQL store's, every field with a default. */
export type DoLogStoreOptions = SqlLogStoreOptions;

/**
 * The hub's `LogStore` in a Durable Object's own SQLite storage (`ctx.storage.sql`, and
 * `ctx.storage` for its transactions): the same partitions, trigram indexes, writer queue and
 * retention as the Node manager's `logs.db`, with `maxBytes` bounding `databaseSize`. Its tables
 * (`streams`, `partitions`, `partition_streams`, `markers`, `lines_N`, `fts_N`,
 * `log_store_schema`) share the object's database with whatever else the object keeps there.
 */
export function openDoLogStore(
  sql: DoSqlLike,
  storage: DoTransactionLike,
  retention: LogRetention,
  options: DoLogStoreOptions = {},
): LogStore {
  migrateDoLogSchema(sql, storage);
  return new SqlLogStore(doSqlDatabase(sql, storage), retention, options);
}
