/**
 * A value bound to or read from SQLite. A bigint is only ever bound (nanosecond timestamps pass
 * 2^53): a runtime that cannot bind one may bind its decimal text, which the log store's STRICT
 * integer columns and integer comparisons take back as the same integer. Integers that may pass
 * 2^53 are read as text (`CAST(x AS TEXT)`), so no runtime has to return bigints.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** One result row, by column name. */
export type SqlRow = Record<string, SqlValue>;

/** A statement, prepared once where the runtime can and run many times with positional bindings. */
export interface SqlStatement {
  run(...params: SqlValue[]): unknown;
  /** The first row, or undefined when there is none. */
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
  /** The rows one at a time; leaving the loop early stops reading. */
  iterate(...params: SqlValue[]): Iterable<SqlRow>;
}

/**
 * The SQLite database the log store runs on: node:sqlite on Node, a Durable Object's storage on
 * Cloudflare. Statements and transactions are synchronous on both, so no other JavaScript runs
 * inside a transaction. What differs between the runtimes besides the calls is how the bytes
 * retention bounds are measured and given back: those are the last four members.
 */
export interface SqlDatabase {
  /** Runs one or more statements without bindings. */
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  /** Runs `fn` in one write transaction, rolled back if it throws. */
  transaction<T>(fn: () => T): T;
  /** The bytes retention's `maxBytes` bounds. */
  sizeBytes(): number;
  /** After a write: holds the runtime's journal under `journalBytes` (where it has one to hold). */
  trimJournal(journalBytes: number): void;
  /** Before partitions are dropped for space: empties the journal, so drops start from nothing. */
  emptyJournal(): void;
  /** After partitions were dropped: gives their pages back, each step's journal under `journalBytes`. */
  reclaim(journalBytes: number): void;
  /** Closes the database, once the store has written everything. */
  close(): void;
}
