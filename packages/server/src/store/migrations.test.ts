import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration, migrate } from './migrations.ts';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

function applied(db: DatabaseSync): unknown[] {
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
}

function tables(db: DatabaseSync): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
  return rows.map((r) => String(r.name));
}

const V1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER) STRICT' };
const V2: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER) STRICT' };

describe('migrate', () => {
  it('creates every table of the store on a new database', () => {
    const db = new DatabaseSync(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: LATEST });
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'agents',
        'api_tokens',
        'audit_log',
        'join_tokens',
        'log_cursors',
        'schema_migrations',
        'sessions',
        'users',
      ]),
    );
  });

  it('is idempotent: a second run applies nothing', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db);
    const before = applied(db);
    expect(migrate(db)).toEqual({ from: LATEST, to: LATEST });
    expect(applied(db)).toEqual(before);
  });

  it('applies only the steps a database has not seen, in order, recording when', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [V1], () => 111);
    expect(migrate(db, [V1, V2], () => 222)).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, applied_at: 111 },
      { version: 2, applied_at: 222 },
    ]);
    expect(tables(db)).toEqual(expect.arrayContaining(['one', 'two']));
  });

  it('refuses a database newer than the code, changing nothing', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [V1, V2]);
    expect(() => migrate(db, [V1])).toThrow(
      'database schema version 2 is newer than this version of bosun supports (1); ' +
        'run a newer bosun, or restore a backup taken before the upgrade',
    );
    expect(applied(db)).toHaveLength(2);
  });

  it('rolls back every pending step when one fails', () => {
    const db = new DatabaseSync(':memory:');
    const broken: Migration = { version: 3, name: 'broken', sql: 'CREATE TABLE three (x INTEGER); NOT SQL' };
    expect(() => migrate(db, [V1, V2, broken])).toThrow(
      'database migration 3 (broken) failed; nothing was changed',
    );
    expect(tables(db)).toEqual(['schema_migrations']);
    expect(applied(db)).toEqual([]);
    expect(db.isTransaction).toBe(false);
  });

  it('refuses a list whose versions do not increase', () => {
    const db = new DatabaseSync(':memory:');
    expect(() => migrate(db, [V2, V1])).toThrow(/must increase/);
    expect(() => migrate(db, [V1, { ...V2, version: 1 }])).toThrow(/must increase/);
    expect(() => migrate(db, [{ ...V1, version: 0 }])).toThrow(/must increase/);
  });

  it('numbers the shipped migrations upwards from 1, with names', () => {
    expect(MIGRATIONS[0]?.version).toBe(1);
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]?.version ?? 0);
      expect(m.name).not.toBe('');
    });
  });

  it('gives API tokens made without an expiry one thirty days from the upgrade', () => {
    const db = new DatabaseSync(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 4),
    );
    db.exec(`INSERT INTO users (id, username, username_key, password_hash, role, created_at)
             VALUES ('u1', 'alice', 'alice', 'x', 'admin', 1)`);
    db.exec(`INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at)
             VALUES ('k1', 'u1', 'old', 'h1', 1, NULL), ('k2', 'u1', 'set', 'h2', 1, 500)`);
    const before = Date.now();
    migrate(db);
    const after = Date.now();
    const rows = db.prepare('SELECT id, expires_at FROM api_tokens ORDER BY id').all();
    const thirtyDays = 30 * 86_400_000;
    expect(rows[1]).toEqual({ id: 'k2', expires_at: 500 });
    expect(Number(rows[0]?.expires_at)).toBeGreaterThanOrEqual(before + thirtyDays - 1);
    expect(Number(rows[0]?.expires_at)).toBeLessThanOrEqual(after + thirtyDays);
  });

  it('widens the role check to none keeping sessions and tokens, and adds grants', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 5),
    );
    db.exec(`INSERT INTO users VALUES ('u1', 'ada', 'ada', 'hash', 'viewer', 1);
      INSERT INTO sessions VALUES ('s1', 'u1', 1, 2, 1);
      INSERT INTO agents VALUES ('a1', 'web-1', 'cred', 1, NULL, NULL, NULL);`);
    migrate(db);
    expect(db.prepare('SELECT id_hash FROM sessions').all()).toEqual([{ id_hash: 's1' }]);
    db.exec(`UPDATE users SET role = 'none' WHERE id = 'u1';
      INSERT INTO grants VALUES ('u1', 'a1', 'viewer', 3);`);
    expect(() => db.exec("INSERT INTO grants VALUES ('u1', 'ghost', 'viewer', 3)")).toThrow();
    expect(Number(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys)).toBe(1);
    db.exec("DELETE FROM users WHERE id = 'u1'");
    expect(db.prepare('SELECT count(*) AS n FROM grants').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('adds per-host retention policies to a database of the release before, keeping its agents', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8),
    );
    db.exec("INSERT INTO agents VALUES ('a1', 'web-1', 'cred', 1, NULL, NULL, NULL)");
    expect(migrate(db)).toEqual({ from: 7, to: LATEST });
    expect(db.prepare('SELECT id FROM agents').all()).toEqual([{ id: 'a1' }]);
    db.exec("INSERT INTO host_retention VALUES ('a1', 'all', 2)");
    // Only the policies bosun knows, and only for hosts it knows.
    expect(() => db.exec("UPDATE host_retention SET policy = 'some' WHERE agent_id = 'a1'")).toThrow();
    expect(() => db.exec("INSERT INTO host_retention VALUES ('ghost', 'all', 2)")).toThrow();
    db.exec("DELETE FROM agents WHERE id = 'a1'");
    expect(db.prepare('SELECT count(*) AS n FROM host_retention').get()).toEqual({ n: 0 });
  });
});
