import { chmodSync, closeSync, openSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { ProtocolError } from '@bosun/protocol';
import { MIGRATIONS, type Migration, migrate } from './migrations.ts';

const SQLITE_NOTADB = 26;

/**
 * How long a statement waits for another process's write lock before failing. node:sqlite is
 * synchronous, so this wait stalls the event loop that carries every live stream: it is kept to
 * what one commit of another connection takes (a FULL commit measured 0.5 ms on an SSD, about
 * 10 ms is an fsync on a spinning disk), and a longer hold is retried without blocking
 * (`guardStore`) instead of waited out here.
 */
export const BUSY_TIMEOUT_MS = 20;

/**
 * Opens (creating if needed) the manager's database file and brings its schema
 * up to date. The folder is the caller's (created 0700); the file is made 0600
 * before SQLite writes anything, and SQLite gives its -wal and -shm files the
 * mode of the database file, so no copy of a hash is ever readable by others.
 */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): DatabaseSync {
  return openSqliteFile(path, {
    what: 'database',
    migrations,
    setup(db) {
      // WAL: readers do not block the writer and commits need one fsync; with WAL,
      // synchronous=NORMAL can lose the last commits on power loss but never corrupts.
      // Auth writes switch to FULL for their commit (guarded-store.ts).
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA foreign_keys = ON');
    },
  });
}

/** How one of the manager's SQLite files is opened: see `openSqliteFile`. */
export type SqliteFileOptions = {
  /** What the file is, for error messages: "database", "log store". */
  what: string;
  migrations: readonly Migration[];
  /** Pragmas set before the schema is brought up to date. */
  setup(db: DatabaseSync): void;
};

/**
 * Opens (creating if needed, private) one of the manager's SQLite files, sets it up, sets the
 * shared busy timeout and migrates it; any failure closes it and is a typed error naming the file.
 */
export function openSqliteFile(path: string, options: SqliteFileOptions): DatabaseSync {
  const { what } = options;
  if (path !== ':memory:') createPrivateFile(path, what);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (err) {
    throw new ProtocolError('internal', `cannot open ${what} ${path}`, { cause: err });
  }
  try {
    options.setup(db);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, options.migrations);
    return db;
  } catch (err) {
    db.close();
    if ((err as { errcode?: unknown }).errcode === SQLITE_NOTADB) {
      throw new ProtocolError('internal', `${path} is not a SQLite database`, { cause: err });
    }
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError('internal', `cannot open ${what} ${path}`, { cause: err });
  }
}

function createPrivateFile(path: string, what: string): void {
  try {
    // 'a' creates the file if missing and never truncates an existing one.
    closeSync(openSync(path, 'a', 0o600));
    // An existing file keeps its old mode through open(), so tighten it as well.
    chmodSync(path, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ProtocolError('internal', `cannot create ${what} file ${path} (${code})`, { cause: err });
  }
}
