import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '@bosun/hub';
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
  sessions: ['create', 'delete', 'deleteForUser'],
  apiTokens: ['create', 'revoke'],
  joinTokens: ['create', 'consume', 'delete'],
  agents: ['create', 'revoke'],
};

/** How `guardStore` retries a busy database and whom it tells about failures. */
export type StoreGuardOptions = {
  /** Told of every failure that is given up on (after the retries, for a busy database). */
  failed(failure: StoreFailure): void;
  /**
   * Waits before each retry of a busy call, in ms; the last entry ends the retries. Each attempt
   * blocks the event loop for at most the busy timeout; the waits between them do not.
   */
  retryDelaysMs: readonly number[];
};

/**
 * Default retries of a busy call: 20+40+80+160+320 ms of waiting with at most six busy-timeout
 * attempts between them, so a call gives up (503) within about a second.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [20, 40, 80, 160, 320];

/**
 * `store` with every call guarded: a busy database is retried after short non-blocking waits
 * (a lock another process holds briefly, such as a backup or the sqlite3 shell), auth writes are
 * committed durably, and every failure given up on is reported, then thrown as it was
 * (`store_unavailable`, a 503).
 */
export function guardStore(store: Store, db: DatabaseSync, options: StoreGuardOptions): Store {
  const guarded = { ...store };
  for (const part of Object.keys(store) as Array<keyof Store>) {
    const target = store[part];
    if (typeof target !== 'object' || target === null) continue;
    const durable = new Set(AUTH_WRITES[part] ?? []);
    const methods: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(target)) {
      if (typeof method !== 'function') continue;
      const call = (...args: unknown[]) => method.apply(target, args) as Promise<unknown>;
      methods[name] = (...args: unknown[]) =>
        withRetries(durable.has(name) ? () => durably(db, () => call(...args)) : () => call(...args), options);
    }
    (guarded as Record<string, unknown>)[part] = methods;
  }
  return guarded;
}

async function withRetries<T>(call: () => Promise<T>, options: StoreGuardOptions): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StoreFailure)) throw error;
      const delay = options.retryDelaysMs[attempt];
      if (error.reason !== 'busy' || delay === undefined) {
        options.failed(error);
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, jittered(delay)));
    }
  }
}

// Calls that met the same lock would otherwise all come back in the same tick and each block
// the loop for the busy timeout one after another.
function jittered(delayMs: number): number {
  return delayMs / 2 + Math.random() * delayMs;
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
