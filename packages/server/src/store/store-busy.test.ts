import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import type { SessionRecord } from '@bosun/hub';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { StoreFailure } from './store-failure.ts';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function lockedStore(): Promise<{ store: SqliteStore; lock: DatabaseSync; logged: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'bosun-busy-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line).msg) });
  const store = openSqliteStore(join(dir, 'bosun.db'), { logger, probeMs: 50 });
  cleanups.push(() => store.close());
  await store.users.create({ id: 'usr_1', username: 'ada', passwordHash: 'x', role: 'admin', createdAt: 1 });
  // A second connection, as the sqlite3 shell or a backup tool would hold it.
  const lock = new DatabaseSync(join(dir, 'bosun.db'));
  cleanups.push(() => {
    if (lock.isTransaction) lock.exec('ROLLBACK');
    lock.close();
  });
  lock.exec('BEGIN EXCLUSIVE');
  return { store, lock, logged };
}

function session(n: number): SessionRecord {
  return { idHash: `h${n}`, userId: 'usr_1', createdAt: 1, expiresAt: 2e12, lastUsedAt: 1 };
}

describe('the SQLite store under a lock held by another connection', () => {
  it('answers store_unavailable within its retries, while the event loop keeps turning', async () => {
    const { store, lock, logged } = await lockedStore();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 1);
    cleanups.push(() => clearInterval(ticker));

    const writes = Array.from({ length: 20 }, (_, n) => store.sessions.create(session(n)).catch((e) => e));
    const ticksAtStart = ticks;
    let settled = false;
    const all = Promise.all(writes).finally(() => {
      settled = true;
    });
    // A timer keeps firing while every write waits for the lock.
    await vi.waitFor(() => expect(ticks).toBeGreaterThan(ticksAtStart + 10), { timeout: 5_000, interval: 5 });
    expect(settled).toBe(false);
    const results = await all;
    delay.disable();
    console.log(
      `store busy | 20 writes under a held lock | event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms` +
        ` | p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
    );

    for (const result of results) {
      expect(result).toBeInstanceOf(StoreFailure);
      expect(result).toMatchObject({ code: 'store_unavailable', reason: 'busy' });
      expect(result.message).toMatch(/^the manager's database is busy .*; try again/);
    }
    expect(store.health.state()).toMatchObject({ ok: false, errorsTotal: 20 });
    expect(logged.filter((msg) => msg.startsWith('store failing:'))).toHaveLength(1);

    // Released: the probe finds the store working again, by itself, and says so once.
    lock.exec('ROLLBACK');
    await vi.waitFor(() => expect(store.health.state()).toEqual({ ok: true, errorsTotal: 20 }), {
      timeout: 5_000,
    });
    expect(logged.filter((msg) => msg.startsWith('store recovered after'))).toHaveLength(1);
    await store.sessions.create(session(99));
    expect(await store.sessions.byIdHash('h99')).toMatchObject({ userId: 'usr_1' });
  });

  it('saves a write whose lock is released while it waits to retry', async () => {
    const { store, lock } = await lockedStore();
    // The first attempt runs (and meets the lock) before create returns its promise.
    const pending = store.sessions.create(session(1));
    lock.exec('ROLLBACK');
    await pending;
    expect(await store.sessions.byIdHash('h1')).toMatchObject({ userId: 'usr_1' });
    expect(store.health.state()).toEqual({ ok: true, errorsTotal: 0 });
  });

  it('still reads while another connection holds the write lock (WAL)', async () => {
    const { store } = await lockedStore();
    expect(await store.users.byId('usr_1')).toMatchObject({ username: 'ada' });
  });
});
