/**
 * What the D1 store uses of a D1 database: the Worker passes its binding, Node-side tests pass
 * Miniflare's proxy of one. Declared here rather than taken from the Workers types so the store
 * type-checks (and runs) on Node as well.
 */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
  /** Runs the statements in order in one implicit transaction: all of them apply, or none. */
  batch<T = Record<string, unknown>>(statements: D1StatementLike[]): Promise<D1ResultLike<T>[]>;
}

/** A prepared statement; `bind` answers a new statement with the values bound. */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  /** The first row, or null when there is none. */
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1ResultLike<T>>;
  run<T = Record<string, unknown>>(): Promise<D1ResultLike<T>>;
}

/** A statement's rows and how many rows it changed. */
export type D1ResultLike<T> = { results: T[]; meta: { changes: number } };
