import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '@bosun/hub';
import { type Logger, silentLogger } from '../logger.ts';
import { DEFAULT_RETRY_BUDGET_MS, DEFAULT_RETRY_DELAYS_MS, guardStore } from './guarded-store.ts';
import { sqliteAgentStore } from './sqlite-agents.ts';
import { sqliteApiTokenStore } from './sqlite-api-tokens.ts';
import { sqliteAuditStore } from './sqlite-audit.ts';
import { sqliteContainerGenerationStore } from './sqlite-container-generations.ts';
import { openDatabase } from './sqlite-database.ts';
import { toStoreError } from './sqlite-errors.ts';
import { sqliteGrantStore } from './sqlite-grants.ts';
import { sqliteHostRetentionStore } from './sqlite-host-retention.ts';
import { sqliteJoinTokenStore } from './sqlite-join-tokens.ts';
import { sqliteLogCursorStore } from './sqlite-log-cursors.ts';
import { sqliteSessionStore } from './sqlite-sessions.ts';
import { sqliteUserStore } from './sqlite-users.ts';
import { StoreHealthTracker } from './store-health-tracker.ts';

/** How the SQLite store reports and rides out failures; every field has a default. */
export type SqliteStoreOptions = {
  /** Where "store failing" and "store recovered" go. */
  logger?: Logger;
  /** The waits between attempts on a busy database (see `BusyRetry`). */
  retryDelaysMs?: readonly number[];
  /** How long one call keeps retrying a busy database before it fails. */
  retryBudgetMs?: number;
  /** How often a failing store is probed with a write. */
  probeMs?: number;
};

/** The SQLite store and its health, which `/healthz` reports. */
export type SqliteStore = Store & { health: StoreHealthTracker };

/** Every 2 s: a failing store recovers within that of its disk being freed, at one tiny write each. */
export const DEFAULT_PROBE_MS = 2_000;

/**
 * The manager's store on Node: one SQLite file (or `:memory:` for tests), opened
 * synchronously at startup. Calls run synchronously underneath; they are quick
 * (indexed lookups on a local file), and being synchronous is what makes each
 * call atomic with respect to the others. A busy database is retried without
 * blocking (see `guardStore`), and failures are tracked in `health`.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openDatabase(path);
  const health = new StoreHealthTracker(options.logger ?? silentLogger(), {
    write: () => probeWrite(db),
    everyMs: options.probeMs ?? DEFAULT_PROBE_MS,
  });
  const store: Store = {
    agents: sqliteAgentStore(db),
    joinTokens: sqliteJoinTokenStore(db),
    users: sqliteUserStore(db),
    grants: sqliteGrantStore(db),
    sessions: sqliteSessionStore(db),
    apiTokens: sqliteApiTokenStore(db),
    audit: sqliteAuditStore(db),
    logCursors: sqliteLogCursorStore(db),
    containerGenerations: sqliteContainerGenerationStore(db),
    hostRetention: sqliteHostRetentionStore(db),
    async close() {
      health.stop();
      if (!db.isOpen) return;
      try {
        // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise.
        db.exec('PRAGMA optimize');
      } finally {
        db.close();
      }
    },
  };
  const guarded = guardStore(store, db, {
    failed: (failure) => health.failed(failure),
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    retryBudgetMs: options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS,
  });
  return { ...guarded, health };
}

/**
 * The cheapest real write: the header's application id set to its own value. It takes the write
 * lock and appends a page to the WAL, so it fails exactly while writes fail (lock held, disk
 * full, I/O errors), and it changes nothing.
 */
function probeWrite(db: DatabaseSync): void {
  try {
    const row = db.prepare('PRAGMA application_id').get() as { application_id: number };
    db.exec(`PRAGMA application_id = ${row.application_id}`);
  } catch (err) {
    throw toStoreError(err, 'probing the store');
  }
}
