import type { SqlDatabase, SqlRow, SqlStatement, SqlValue } from '@bosun/log-store-sql';

/** A value a Durable Object's SQL storage binds and returns. */
export type DoSqlValue = ArrayBuffer | string | number | null;

/** What `ctx.storage.sql.exec` returns: the rows, iterable once. */
export interface DoSqlCursor extends Iterable<Record<string, DoSqlValue>> {
  toArray(): Record<string, DoSqlValue>[];
  one(): Record<string, DoSqlValue>;
  readonly rowsWritten: number;
}

/** The part of a Durable Object's `ctx.storage.sql` the log store uses. */
export interface DoSqlLike {
  exec(query: string, ...bindings: DoSqlValue[]): DoSqlCursor;
  /** The database's bytes as the platform bills and bounds them. */
  readonly databaseSize: number;
}

/** The part of a Durable Object's `ctx.storage` that runs a synchronous transaction. */
export interface DoTransactionLike {
  transactionSync<T>(fn: () => T): T;
}

/**
 * The log store's `SqlDatabase` on a Durable Object's SQLite storage. The platform refuses BEGIN
 * (transactions go through `transactionSync`) and the pragmas the Node adapter keeps its file with
 * (journal_mode, wal_checkpoint, page_count, freelist_count, incremental_vacuum), and it owns its
 * journal: `databaseSize` is the figure bounded, and it shrinks when a partition's tables are
 * dropped, so the journal and reclaim calls have nothing to do here.
 */
export function doSqlDatabase(sql: DoSqlLike, storage: DoTransactionLike): SqlDatabase {
  return {
    exec(query) {
      sql.exec(query);
    },
    prepare: (query) => doStatement(sql, query),
    transaction: (fn) => storage.transactionSync(fn),
    sizeBytes: () => sql.databaseSize,
    trimJournal() {},
    emptyJournal() {},
    reclaim() {},
    // The object's storage outlives the store; there is nothing to close.
    close() {},
  };
}

// The platform caches a prepared statement per query text, so a statement here is its text.
function doStatement(sql: DoSqlLike, query: string): SqlStatement {
  return {
    run(...params) {
      sql.exec(query, ...bindings(params));
    },
    get: (...params) => rows(sql.exec(query, ...bindings(params)).toArray())[0],
    all: (...params) => rows(sql.exec(query, ...bindings(params)).toArray()),
    iterate: (...params) => sql.exec(query, ...bindings(params)) as Iterable<SqlRow>,
  };
}

// ArrayBuffer is what the platform gives for a BLOB; the log store keeps none.
function rows(found: Record<string, DoSqlValue>[]): SqlRow[] {
  return found as SqlRow[];
}

// The platform cannot bind a bigint: its decimal text binds instead, which STRICT integer columns
// and integer comparisons take back as the same integer (see `SqlValue`). Only the statements that
// carry a nanosecond timestamp pay for the copy.
function bindings(params: SqlValue[]): DoSqlValue[] {
  let converted: DoSqlValue[] | undefined;
  for (let i = 0; i < params.length; i += 1) {
    const value = params[i];
    if (typeof value === 'bigint' || value instanceof Uint8Array) {
      converted ??= params.slice() as DoSqlValue[];
      converted[i] = typeof value === 'bigint' ? String(value) : toArrayBuffer(value);
    }
  }
  return converted ?? (params as DoSqlValue[]);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
