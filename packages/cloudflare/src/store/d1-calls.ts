import { ProtocolError } from '@bosun/protocol';
import { toD1StoreError } from './d1-errors.ts';
import type { D1StoreHealth } from './d1-health.ts';
import type { D1Like } from './d1-like.ts';

/**
 * The one database every sub-store of the D1 store shares, and the one way they call it: every
 * error mapped by `toD1StoreError`, the outcome told to the store's health, and no call after
 * `close` (D1 needs no closing, but a closed store must not go on writing).
 */
export class D1Calls {
  readonly db: D1Like;
  readonly #health: D1StoreHealth;
  #closed = false;

  constructor(db: D1Like, health: D1StoreHealth) {
    this.db = db;
    this.#health = health;
  }

  /**
   * Runs one storage call.
   *
   * @param action what was being done, for the message ("creating user")
   * @param conflict the message for a unique-key violation, when one is expected
   */
  async call<T>(action: string, fn: (db: D1Like) => Promise<T>, conflict?: string): Promise<T> {
    if (this.#closed) throw new ProtocolError('internal', `store is closed (${action})`);
    try {
      const result = await fn(this.db);
      this.#health.succeeded();
      return result;
    } catch (err) {
      const error = toD1StoreError(err, action, conflict);
      if (error.code === 'store_unavailable') this.#health.failed(error);
      throw error;
    }
  }

  /** One statement's first row, or undefined. */
  async first<Row>(action: string, sql: string, ...values: unknown[]): Promise<Row | undefined> {
    const row = await this.call(action, (db) =>
      db
        .prepare(sql)
        .bind(...values)
        .first<Row>(),
    );
    return row ?? undefined;
  }

  /** One statement's rows. */
  async all<Row>(action: string, sql: string, ...values: unknown[]): Promise<Row[]> {
    const { results } = await this.call(action, (db) =>
      db
        .prepare(sql)
        .bind(...values)
        .all<Row>(),
    );
    return results;
  }

  /** Runs one statement; answers how many rows it changed. */
  async changes(action: string, sql: string, ...values: unknown[]): Promise<number> {
    const { meta } = await this.call(action, (db) =>
      db
        .prepare(sql)
        .bind(...values)
        .run(),
    );
    return meta.changes;
  }

  /** Inserts one row; a unique-key violation rejects with `conflict` and the given message. */
  async insert(action: string, conflict: string, sql: string, ...values: unknown[]): Promise<void> {
    await this.call(
      action,
      (db) =>
        db
          .prepare(sql)
          .bind(...values)
          .run(),
      conflict,
    );
  }

  /** Refuses every later call. */
  close(): void {
    this.#closed = true;
  }
}
