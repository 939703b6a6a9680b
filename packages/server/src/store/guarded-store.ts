import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '@bosun/hub';
import { BusyRetry } from './busy-retry.ts';
import { StoreFailure } from './store-failure.ts';

/**
 * The store calls that change who may do what: committed with `synchronous = FULL`, so a power
 * cut right after a login, a password change or a revocation cannot bring back the old state.
 * Every other write (lastSeen, session and token touches, the audit log, log cursors) keeps
 * NORMAL: under WAL it never corrupts, it may lose the last commits on power loss, and it spares
 * the event loop an fsync per commit. A FULL commit also makes every earlier commit durable,
 * since the WAL is written in order.
 */
const AUTH_WRITES: { readonly [Part in keyof Store]?: readonly string[] } = {
  users: ['create', 'update', 'delete'],
  grants: ['put', 'delete', 'deleteForAgent'],
  sessions: ['create', 'delete', 'deleteForUser'],
  apiTokens: ['create', 'revoke', 'revokeForUser'],
  joinTokens: ['create', 'consume', 'revoke', 'delete'],
  agents: ['create', 'revoke'],
};

/** How `guardStore` retries a busy database and whom it tells about failures. */
export type StoreGuardOptions = {
  /** Told of every failure that is given up on (after the retries, for a busy database). */
  failed(failure: StoreFailure): void;
  /** The waits between attempts while the database is busy, growing; the last one repeats. */
  retryDelaysMs: readonly number[];
  /** How long one call keeps retrying a busy database before it fails (503). */
  retryBudgetMs: number;
};

/**
 * Default waits between attempts on a busy database: 20, 40, 80, 160, then 320 ms, within a
 * budget of one second per call, so a request answers (or fails with 503) within about a second.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [20, 40, 80, 160, 320];
/** See `DEFAULT_RETRY_DELAYS_MS`. */
export const DEFAULT_RETRY_BUDGET_MS = 1_000;

/**
 * `store` with every call guarded: a busy database is retried after short non-blocking waits
 * (`BusyRetry`), auth writes are committed durably, and every failure given up on is reported,
 * then thrown as it was (`store_unavailable`, a 503).
 */
export function guardStore(store: Store, db: DatabaseSync, options: StoreGuardOptions): Store {
  const retry = new BusyRetry(options.retryDelaysMs, options.retryBudgetMs);
  const guarded = { ...store };
  for (const part of Object.keys(store) as Array<keyof Store>) {
    const target = store[part];
    if (typeof target !== 'object' || target === null) continue;
    const durable = new Set(AUTH_WRITES[part] ?? []);
    const methods: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(target)) {
      if (typeof method !== 'function') continue;
      const call = (...args: unknown[]) => method.apply(target, args) as Promise<unknown>;
      const once = durable.has(name)
        ? (args: unknown[]) => durably(db, () => call(...args))
        : (args: unknown[]) => call(...args);
      methods[name] = async (...args: unknown[]) => {
        try {
          return await retry.run(() => once(args), `${part}.${name}`);
        } catch (error) {
          if (error instanceof StoreFailure) options.failed(error);
          throw error;
        }
      };
    }
    (guarded as Record<string, unknown>)[part] = methods;
  }
  return guarded;
}

/**
 * Runs `fn` with `synchronous = FULL`. The SQLite store's calls run synchronously when called
 * (their promise only carries the result), so the statement is done before NORMAL is restored.
 */
function durably<T>(db: DatabaseSync, fn: () => Promise<T>): Promise<T> {
  // A closed store answers for itself (`store is closed`).
  if (!db.isOpen) return fn();
  db.exec('PRAGMA synchronous = FULL');
  try {
    return fn();
  } finally {
    db.exec('PRAGMA synchronous = NORMAL');
  }
}
