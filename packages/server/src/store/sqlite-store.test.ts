import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describeStoreContract } from '@bosun/hub/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';

const folders: string[] = [];

async function newDbPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bosun-store-'));
  folders.push(dir);
  return join(dir, 'bosun.db');
}

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreContract('SQLite in memory', () => openSqliteStore(':memory:'));
describeStoreContract('SQLite file', async () => openSqliteStore(await newDbPath()));

describe('openSqliteStore', () => {
  it('keeps everything across a restart of the manager', async () => {
    const path = await newDbPath();
    const first = openSqliteStore(path);
    await first.users.create({ id: 'u1', username: 'Alice', passwordHash: 'h', role: 'admin', createdAt: 1 });
    await first.sessions.create({ idHash: 's1', userId: 'u1', createdAt: 1, expiresAt: 10, lastUsedAt: 1 });
    await first.agents.create({
      id: 'a1',
      name: 'web-1',
      credentialHash: 'c1',
      createdAt: 1,
      lastSeenAt: null,
      revokedAt: null,
      host: { hostname: 'web-1', os: 'linux', arch: 'arm64', cpus: 2, memoryBytes: 1024 },
    });
    await first.joinTokens.create({
      id: 'j1',
      tokenHash: 't1',
      name: null,
      createdBy: 'user:u1',
      createdAt: 1,
      expiresAt: 100,
      usedAt: null,
      usedByAgent: null,
      revokedAt: null,
    });
    await first.audit.append({
      at: 1,
      actor: 'system',
      action: 'start',
      target: '-',
      outcome: 'ok',
      detail: null,
      actorName: null,
      source: null,
    });
    await first.logCursors.put([
      { agentId: 'a1', containerId: 'c'.repeat(64), seq: 7, ts: 't', countAtTs: 1, updatedAt: 1 },
    ]);
    await first.close();

    const second = openSqliteStore(path);
    expect(await second.users.byUsername('alice')).toMatchObject({ id: 'u1', role: 'admin' });
    expect(await second.sessions.byIdHash('s1')).toMatchObject({ userId: 'u1' });
    expect((await second.agents.byCredentialHash('c1'))?.host).toMatchObject({ arch: 'arm64' });
    expect(await second.joinTokens.consume('t1', 2, 'a2')).toMatchObject({ id: 'j1' });
    expect(await second.audit.list({ limit: 10 })).toHaveLength(1);
    expect(await second.logCursors.get('a1', 'c'.repeat(64))).toMatchObject({ seq: 7 });
    // The join token stays used after the next restart too.
    await second.close();
    const third = openSqliteStore(path);
    expect(await third.joinTokens.consume('t1', 3, 'a3')).toBeUndefined();
    await third.close();
  });

  it('makes the database and its WAL readable by the owner only', async () => {
    const path = await newDbPath();
    const store = openSqliteStore(path);
    await store.audit.append({
      at: 1,
      actor: 'system',
      action: 'x',
      target: 'y',
      outcome: 'ok',
      detail: null,
      actorName: null,
      source: null,
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}-wal`)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}-shm`)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('tightens the mode of an existing database file', async () => {
    const path = await newDbPath();
    await writeFile(path, '', { mode: 0o644 });
    const store = openSqliteStore(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('uses WAL, and two stores on one file see one join token consumed once', async () => {
    const path = await newDbPath();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    await a.joinTokens.create({
      id: 'j1',
      tokenHash: 't1',
      name: null,
      createdBy: 'system',
      createdAt: 1,
      expiresAt: 100,
      usedAt: null,
      usedByAgent: null,
      revokedAt: null,
    });
    expect(await b.joinTokens.consume('t1', 2, 'agent-b')).toMatchObject({ usedByAgent: 'agent-b' });
    expect(await a.joinTokens.consume('t1', 2, 'agent-a')).toBeUndefined();
    await a.close();
    await b.close();
    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
  });

  it('refuses a file that is not a database, saying so', async () => {
    const path = await newDbPath();
    await writeFile(
      path,
      'this is not sqlite, just text that is long enough to be read as a header\n'.repeat(20),
    );
    expect(() => openSqliteStore(path)).toThrow(/is not a SQLite database/);
  });

  it('keeps a cursor stored before positions per stream, which resumes without them', async () => {
    const path = await newDbPath();
    const raw = new DatabaseSync(path);
    migrate(raw, MIGRATIONS.slice(0, 1));
    raw
      .prepare('INSERT INTO log_cursors VALUES (?, ?, 7, ?, 2, 1)')
      .run('a1', 'c'.repeat(64), '2024-05-01T10:00:00.000000001Z');
    raw.close();
    const store = openSqliteStore(path);
    expect(await store.logCursors.get('a1', 'c'.repeat(64))).toEqual({
      agentId: 'a1',
      containerId: 'c'.repeat(64),
      seq: 7,
      ts: '2024-05-01T10:00:00.000000001Z',
      countAtTs: 2,
      updatedAt: 1,
    });
    await store.close();
  });

  it('refuses a database written by a newer bosun', async () => {
    const path = await newDbPath();
    await openSqliteStore(path).close();
    const raw = new DatabaseSync(path);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, 0)').run('future');
    raw.close();
    expect(() => openSqliteStore(path)).toThrow(/schema version 99 is newer/);
  });

  it('reports a missing folder without creating it', async () => {
    const path = join(await newDbPath(), 'missing', 'bosun.db');
    expect(() => openSqliteStore(path)).toThrow(/cannot create database file .* \(ENOENT\)/);
  });

  it('does not put SQLite messages in the errors it throws', async () => {
    const store = openSqliteStore(':memory:');
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
    expect((orphan as Error).message).not.toMatch(/FOREIGN|constraint|sessions/i);
    await store.close();
  });

  it('rejects calls after close, and closing twice is harmless', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    await store.close();
    await expect(store.users.count()).rejects.toMatchObject({ code: 'internal', message: /store is closed/ });
  });
});
