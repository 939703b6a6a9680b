import { describeStoreContract } from '@bosun/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyD1Migrations, type D1Like, openD1Store } from '../src/store/index.ts';
import { type D1TestDatabase, emptyD1, startD1TestDatabase } from './testing/d1-test-database.ts';

let local: D1TestDatabase;

beforeAll(async () => {
  local = await startD1TestDatabase();
});

afterAll(async () => {
  await local?.dispose();
});

async function freshStore() {
  await emptyD1(local.db);
  await applyD1Migrations(local.db);
  return openD1Store(local.db);
}

describeStoreContract('D1 in local workerd', freshStore);

describe('openD1Store', () => {
  it('does not put D1 messages in the errors it throws', async () => {
    const store = await freshStore();
    await store.users.create({
      id: 'u1',
      username: 'alice',
      passwordHash: 'h',
      role: 'viewer',
      createdAt: 1,
    });
    const conflict = await store.users
      .create({ id: 'u2', username: 'ALICE', passwordHash: 'h', role: 'viewer', createdAt: 1 })
      .catch((e: unknown) => e);
    expect(conflict).toMatchObject({ code: 'conflict', message: 'username is already taken' });
    // A session for a user who does not exist breaks the foreign key: internal, and vague.
    const orphan = await store.sessions
      .create({ idHash: 's1', userId: 'ghost', createdAt: 1, expiresAt: 2, lastUsedAt: 1 })
      .catch((e: unknown) => e);
    expect(orphan).toMatchObject({ name: 'ProtocolError', code: 'internal' });
    expect((orphan as Error).message).not.toMatch(/FOREIGN|constraint|sessions|D1/i);
    await store.close();
  });

  it('rejects calls after close, and closing twice is harmless', async () => {
    const store = await freshStore();
    await store.close();
    await store.close();
    await expect(store.users.count()).rejects.toMatchObject({ code: 'internal', message: /store is closed/ });
  });

  it('records a list of hundreds of containers in one call, and relists it', async () => {
    const store = await freshStore();
    const containers = Array.from({ length: 300 }, (_, n) => ({
      containerId: n.toString(16).padStart(64, '0'),
      identityKey: `svc-${n % 10}`,
      name: `c-${n}`,
      createdAt: n,
    }));
    await store.containerGenerations.listed('a1', containers, 5_000);
    await store.containerGenerations.listed('a1', containers.slice(1), 6_000);
    const svc0 = await store.containerGenerations.forIdentity('a1', 'svc-0');
    expect(svc0).toHaveLength(30);
    expect(svc0.map((r) => r.generation)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(svc0[0]).toMatchObject({ containerId: containers[0]?.containerId, removedAt: 6_000 });
    expect(svc0.slice(1).every((r) => r.removedAt === null)).toBe(true);
    await store.close();
  });
});

describe('D1 store health', () => {
  it('fails with store_unavailable while D1 is overloaded, and is ok again once a call succeeds', async () => {
    let overloaded = true;
    const db = failingWhile(() => overloaded, 'D1 DB is overloaded. Too many requests queued.');
    const store = openD1Store(db, () => 42);
    const failure = await store.users.count().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'store_unavailable', details: { retryAfterMs: 1_000 } });
    expect((failure as Error).message).toMatch(/overloaded or unreachable; try again \(counting users\)/);
    expect(store.health.state()).toMatchObject({ ok: false, failingSince: 42, errorsTotal: 1 });
    overloaded = false;
    expect(await store.users.count()).toBe(0);
    expect(store.health.state()).toEqual({ ok: true, errorsTotal: 1 });
  });

  it('calls a full database full, and other errors internal without counting them as outages', async () => {
    const full = openD1Store(failingWhile(() => true, 'D1_ERROR: Exceeded maximum DB size'));
    await expect(full.audit.list({ limit: 1 })).rejects.toMatchObject({
      code: 'store_unavailable',
      details: { retryAfterMs: 5_000 },
    });
    const broken = openD1Store(failingWhile(() => true, 'D1_ERROR: no such table: users: SQLITE_ERROR'));
    await expect(broken.users.count()).rejects.toMatchObject({
      code: 'internal',
      message: 'storage error while counting users',
    });
    expect(broken.health.state()).toEqual({ ok: true, errorsTotal: 0 });
  });
});

/** A D1 that throws `message` from every statement while `failing()`, and answers nothing otherwise. */
function failingWhile(failing: () => boolean, message: string): D1Like {
  const answer = async () => {
    if (failing()) throw new Error(message);
    return { results: [], meta: { changes: 0 } };
  };
  const statement = {
    bind: () => statement,
    first: async () => {
      await answer();
      return { n: 0 };
    },
    all: answer,
    run: answer,
  };
  return { prepare: () => statement, batch: async () => [await answer()] } as unknown as D1Like;
}
