import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyD1Migrations, D1_MIGRATIONS, MIGRATIONS_TABLE, openD1Store } from '../src/store/index.ts';
import { GENERATED_MODULE, renderMigrationsModule, splitStatements } from './migrations-module.ts';
import { type D1TestDatabase, emptyD1, startD1TestDatabase } from './testing/d1-test-database.ts';

let local: D1TestDatabase;

beforeAll(async () => {
  local = await startD1TestDatabase();
});

afterAll(async () => {
  await local?.dispose();
});

beforeEach(async () => {
  await emptyD1(local.db);
});

const tables = async () =>
  (
    await local.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
         AND substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name`,
      )
      .all<{ name: string }>()
  ).results.map((row) => row.name);

describe('applyD1Migrations', () => {
  it('applies every migration once; applying again changes nothing and keeps the data', async () => {
    expect(await applyD1Migrations(local.db)).toEqual(D1_MIGRATIONS.map((m) => m.name));
    const store = openD1Store(local.db);
    await store.users.create({ id: 'u1', username: 'alice', passwordHash: 'h', role: 'admin', createdAt: 1 });
    const schema = await tables();
    expect(schema).toEqual(expect.arrayContaining(['agents', 'users', 'audit_log', 'host_retention']));

    expect(await applyD1Migrations(local.db)).toEqual([]);
    expect(await tables()).toEqual(schema);
    expect(await store.users.byUsername('ALICE')).toMatchObject({ id: 'u1' });
    const { results } = await local.db
      .prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`)
      .all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(D1_MIGRATIONS.map((m) => m.name));
  });

  it('skips what wrangler applied: it reads the table `wrangler d1 migrations apply` writes', async () => {
    const [first] = D1_MIGRATIONS;
    if (!first) throw new Error('no migrations');
    // What wrangler runs: its table, the file, and the file's name recorded.
    await local.db
      .prepare(`CREATE TABLE IF NOT EXISTS "d1_migrations"(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`)
      .run();
    await local.db.batch([
      ...first.statements.map((sql) => local.db.prepare(sql)),
      local.db.prepare('INSERT INTO "d1_migrations" (name) VALUES (?)').bind(first.name),
    ]);
    expect(await applyD1Migrations(local.db)).toEqual(D1_MIGRATIONS.slice(1).map((m) => m.name));
  });

  it('leaves the database as it was when a migration fails', async () => {
    const broken = [
      { name: '0001_broken.sql', statements: ['CREATE TABLE t (x INTEGER) STRICT', 'NOT SQL'] },
    ];
    await expect(applyD1Migrations(local.db, broken)).rejects.toMatchObject({
      code: 'internal',
      message: 'storage error while applying database migration 0001_broken.sql',
    });
    expect(await tables()).toEqual([MIGRATIONS_TABLE]);
    const recorded = await local.db
      .prepare(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(0);
  });

  it('refuses a database that holds a migration this version does not know', async () => {
    await applyD1Migrations(local.db);
    await local.db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`).bind('9999_future.sql').run();
    await expect(applyD1Migrations(local.db)).rejects.toMatchObject({
      code: 'internal',
      message: /does not know \(9999_future\.sql\)/,
    });
  });
});

describe('migrations.generated.ts', () => {
  it('is what scripts/gen-migrations.ts makes of migrations/*.sql (run it after editing them)', async () => {
    expect(await readFile(GENERATED_MODULE, 'utf8')).toBe(await renderMigrationsModule());
  });

  it('splits a file at the semicolons ending lines and drops comment lines', () => {
    const sql = '-- a table\nCREATE TABLE a (x TEXT);\n\n-- and an index;\nCREATE INDEX a_x ON a (x);  \n';
    expect(splitStatements(sql, 'x.sql')).toEqual(['CREATE TABLE a (x TEXT)', 'CREATE INDEX a_x ON a (x)']);
  });

  it("refuses a ';' inside a statement rather than splitting it wrongly", () => {
    expect(() => splitStatements("INSERT INTO a VALUES ('x;y'); SELECT 1;\n", 'x.sql')).toThrow(
      /x\.sql: a ';' inside a statement/,
    );
  });
});
