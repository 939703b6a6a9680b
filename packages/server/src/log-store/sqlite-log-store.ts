import type {
  LogAppendOutcome,
  LogReadPage,
  LogReadQuery,
  LogRetention,
  LogSearchQuery,
  LogSearchResult,
  LogStore,
  LogStoreStats,
  LogStreamKey,
  LogStreamMeta,
  StoredLogStream,
} from '@bosun/hub';
import { type SqlDatabase, SqlLogStore, type SqlLogStoreOptions } from '@bosun/log-store-sql';
import type { LogEntry, ResumeCursor } from '@bosun/protocol';
import { type Logger, silentLogger } from '../logger.ts';
import { toStoreError } from '../store/sqlite-errors.ts';
import { StoreFailure } from '../store/store-failure.ts';
import { StoreHealthTracker } from '../store/store-health-tracker.ts';
import { openLogDatabase } from './log-database.ts';
import { nodeSqlDatabase } from './node-sql-database.ts';

/** Options of the SQLite log store; every field has a default. */
export type SqliteLogStoreOptions = Omit<SqlLogStoreOptions, 'toError' | 'writeFailed'> & {
  logger?: Logger;
};

/** The SQLite log store and its health. */
export type SqliteLogStore = LogStore & {
  health: StoreHealthTracker;
  /** The file and its WAL now, what `maxBytes` bounds. */
  fileBytes(): number;
};

/**
 * Opens the log store at `path` (`logs.db` beside the manager's `bosun.db`): the shared SQL store
 * (`@bosun/log-store-sql`) on node:sqlite, its failures as `StoreFailure` counted by a health
 * tracker that probes the file with a cheap write until it recovers.
 */
export function openSqliteLogStore(
  path: string,
  retention: LogRetention,
  options: SqliteLogStoreOptions = {},
): SqliteLogStore {
  const db = openLogDatabase(path);
  const logger = options.logger ?? silentLogger();
  const health = new StoreHealthTracker(logger, {
    write: () => {
      try {
        const row = db.prepare('PRAGMA application_id').get() as { application_id: number };
        db.exec(`PRAGMA application_id = ${row.application_id}`);
      } catch (err) {
        throw toStoreError(err, 'probing the log store');
      }
    },
    everyMs: 2_000,
  });
  const sql = nodeSqlDatabase(db, path);
  const store = new SqlLogStore(sql, retention, {
    ...options,
    toError(err, action) {
      const error = toStoreError(err, action);
      if (error instanceof StoreFailure) health.failed(error);
      return error;
    },
    writeFailed(error) {
      if (!(error instanceof StoreFailure)) logger.error({ err: error }, 'log store write failed');
    },
  });
  return new SqliteLogStoreImpl(store, sql, health);
}

class SqliteLogStoreImpl implements SqliteLogStore {
  readonly health: StoreHealthTracker;
  readonly #store: SqlLogStore;
  readonly #sql: SqlDatabase;

  constructor(store: SqlLogStore, sql: SqlDatabase, health: StoreHealthTracker) {
    this.#store = store;
    this.#sql = sql;
    this.health = health;
  }

  append(stream: LogStreamMeta, entries: readonly LogEntry[]): LogAppendOutcome {
    return this.#store.append(stream, entries);
  }

  flush(): Promise<void> {
    return this.#store.flush();
  }

  resumeCursor(key: LogStreamKey): Promise<ResumeCursor | undefined> {
    return this.#store.resumeCursor(key);
  }

  read(query: LogReadQuery): Promise<LogReadPage> {
    return this.#store.read(query);
  }

  search(query: LogSearchQuery): Promise<LogSearchResult> {
    return this.#store.search(query);
  }

  streams(): Promise<StoredLogStream[]> {
    return this.#store.streams();
  }

  stats(): Promise<LogStoreStats> {
    return this.#store.stats();
  }

  retention(): LogRetention {
    return this.#store.retention();
  }

  setRetention(retention: LogRetention): void {
    this.#store.setRetention(retention);
  }

  async close(): Promise<void> {
    await this.#store.flush();
    this.health.stop();
    await this.#store.close();
  }

  fileBytes(): number {
    return this.#sql.sizeBytes();
  }
}
