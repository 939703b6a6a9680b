export { type RetentionSizes, retentionSizes } from './log-retention.ts';
export { LOG_MIGRATIONS, type LogMigration } from './log-schema.ts';
export type { SqlDatabase, SqlRow, SqlStatement, SqlValue } from './sql-database.ts';
export { SqlLogStore, type SqlLogStoreOptions, type WriterTimer } from './sql-log-store.ts';
