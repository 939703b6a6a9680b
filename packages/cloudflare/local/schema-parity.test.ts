import { DatabaseSync } from 'node:sqlite';
import { migrate } from '@bosun/server';
import { describe, expect, it } from 'vitest';
import { D1_MIGRATIONS, MIGRATIONS_TABLE } from '../src/store/index.ts';
import { schemaShape } from './testing/schema-shape.ts';

// The D1 schema is written as one file, the Node store's as the steps that got there; both stores
// run the same statements (@bosun/store-sql), so the two texts must define the same tables.
const SKIP = [MIGRATIONS_TABLE, 'schema_migrations'];

function d1Schema(extra: readonly string[] = []): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  for (const migration of D1_MIGRATIONS) for (const sql of migration.statements) db.exec(sql);
  for (const sql of extra) db.exec(sql);
  return db;
}

function serverSchema(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  return db;
}

describe('the D1 schema and the Node store schema', () => {
  it('define the same tables, columns, constraints and indexes', () => {
    const d1 = schemaShape(d1Schema(), SKIP);
    const server = schemaShape(serverSchema(), SKIP);
    expect(Object.keys(d1)).toEqual(expect.arrayContaining(['agents', 'audit_log', 'container_generations']));
    expect(d1).toEqual(server);
  });

  it('differ as soon as one of them gains a table, an index or a column', () => {
    const server = schemaShape(serverSchema(), SKIP);
    for (const extra of [
      'CREATE TABLE notes (id TEXT PRIMARY KEY) STRICT',
      'CREATE INDEX agents_name ON agents (name)',
      'ALTER TABLE sessions ADD COLUMN origin TEXT',
    ]) {
      expect(schemaShape(d1Schema([extra]), SKIP), extra).not.toEqual(server);
    }
  });

  it('compares CHECK constraints by their text, white space aside', () => {
    const shapeOf = (sql: string) => {
      const db = new DatabaseSync(':memory:');
      db.exec(sql);
      return schemaShape(db, []);
    };
    const strict = shapeOf("CREATE TABLE t (x TEXT CHECK (x IN ('a', 'b')))");
    expect(shapeOf("CREATE TABLE t (x TEXT CHECK ( x IN ('a',  'b') ))")).toEqual(strict);
    expect(shapeOf("CREATE TABLE t (x TEXT CHECK (x IN ('a', 'b', 'c')))")).not.toEqual(strict);
  });
});
