import { statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { SqlDatabase } from '@bosun/log-store-sql';
import { inTransaction } from '../store/sqlite-transaction.ts';

/**
 * The log store's `SqlDatabase` on node:sqlite: statements are node:sqlite's own (the write path
 * runs them as they are), and the bytes bounded are the file and its WAL at `path`, which the WAL
 * checkpoints and the incremental vacuum of `openLogDatabase` keep within the bound.
 */
export function nodeSqlDatabase(db: DatabaseSync, path: string): SqlDatabase {
  const sizeBytes = () => (path === ':memory:' ? 0 : sizeOf(path) + sizeOf(`${path}-wal`));
  const pageSize = () => Number(db.prepare('PRAGMA page_size').get()?.page_size ?? 4096);
  const truncateWal = () => db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return {
    exec: (sql) => db.exec(sql),
    prepare: (sql) => db.prepare(sql),
    transaction: (fn) => inTransaction(db, fn),
    sizeBytes,
    trimJournal(walBytes) {
      const wal = sizeBytes() - Number(db.prepare('PRAGMA page_count').get()?.page_count ?? 0) * pageSize();
      if (wal > walBytes) truncateWal();
    },
    emptyJournal: truncateWal,
    // Freed pages go back to the file system a step at a time, each step's WAL truncated before
    // the next. Moving a page writes it and the page pointing to it, so a step of half a WAL's
    // pages keeps the WAL within `walBytes` (and at most 256 pages, 1 MiB of 4 KiB pages, a step).
    reclaim(walBytes) {
      const step = Math.min(256, Math.max(8, Math.floor(walBytes / pageSize() / 2)));
      for (;;) {
        const free = Number(db.prepare('PRAGMA freelist_count').get()?.freelist_count ?? 0);
        if (free === 0) break;
        db.prepare(`PRAGMA incremental_vacuum(${step})`).all();
        truncateWal();
        if (free <= step) break;
      }
      truncateWal();
    },
    close() {
      if (!db.isOpen) return;
      try {
        db.exec('PRAGMA optimize');
      } finally {
        db.close();
      }
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    // No WAL file yet (or no longer, after a truncating checkpoint on close): nothing to count.
    return 0;
  }
}
