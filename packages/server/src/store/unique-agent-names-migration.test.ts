import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrations.ts';

const BEFORE = MIGRATIONS.filter((m) => m.version < 6);

function insertAgent(
  db: DatabaseSync,
  id: string,
  name: string,
  createdAt: number,
  revokedAt: number | null = null,
) {
  db.prepare(
    'INSERT INTO agents (id, name, credential_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, name, `hash-${id}`, createdAt, revokedAt);
}

function names(db: DatabaseSync): Record<string, string> {
  const rows = db.prepare('SELECT id, name FROM agents ORDER BY id').all();
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.name)]));
}

describe('migration 6: unique agent names', () => {
  it('renames id-like names and later holders of a shared name, keeping the oldest and the revoked', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, BEFORE);
    insertAgent(db, 'agt_first', 'web', 1_000);
    insertAgent(db, 'agt_second', 'WEB', 2_000);
    insertAgent(db, 'agt_gone', 'web', 500, 900);
    insertAgent(db, 'agt_mimic', 'agt_first', 3_000);
    insertAgent(db, 'agt_long', `${'x'.repeat(64)}`, 4_000);
    insertAgent(db, 'agt_long2', `${'X'.repeat(64)}`, 5_000);
    migrate(db);
    expect(names(db)).toEqual({
      agt_first: 'web',
      agt_second: 'WEB-agt_second',
      agt_gone: 'web',
      agt_mimic: 'agt-first',
      agt_long: 'x'.repeat(64),
      agt_long2: `${'X'.repeat(43)}-agt_long2`,
    });
  });

  it('then refuses a second live agent of the same name, ignoring case', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db);
    insertAgent(db, 'agt_a', 'web', 1_000);
    expect(() => insertAgent(db, 'agt_b', 'Web', 2_000)).toThrow(/UNIQUE/);
    insertAgent(db, 'agt_c', 'web', 3_000, 3_000);
  });
});
