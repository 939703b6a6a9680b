import { ProtocolError } from '@bosun/protocol';
import { toD1StoreError } from './d1-errors.ts';
import type { D1Like } from './d1-like.ts';
import { D1_MIGRATIONS } from './migrations.generated.ts';

/** One file of `migrations/`: its name and its statements in order. */
export type D1Migration = { readonly name: string; readonly statements: readonly string[] };

/**
 * The table `wrangler d1 migrations apply` keeps, created as wrangler creates it: a database
 * migrated by wrangler (deploying) and one migrated here (the Worker's first start, the local
 * runner) agree on what was applied, whichever came first.
 */
export const MIGRATIONS_TABLE = 'd1_migrations';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/**
 * Applies the migrations not yet recorded in `d1_migrations`, in order, each in one batch with
 * its record (D1 runs a batch as one transaction: a failed file changes nothing). Applying again
 * does nothing; answers the names it applied. A database holding a migration this version does
 * not know was written by a newer bosun and is refused rather than used.
 */
export async function applyD1Migrations(
  db: D1Like,
  migrations: readonly D1Migration[] = D1_MIGRATIONS,
): Promise<string[]> {
  const applied = await appliedNames(db);
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ProtocolError(
      'internal',
      `the database holds migrations this version of bosun does not know (${unknown.join(', ')}); ` +
        'deploy a newer bosun, or restore a backup taken before the upgrade',
    );
  }
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    try {
      await db.batch([
        ...migration.statements.map((sql) => db.prepare(sql)),
        db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`).bind(migration.name),
      ]);
    } catch (err) {
      // Another isolate starting at the same moment may have applied it first; its batch and
      // ours cannot both commit, since the record's name is unique.
      if ((await appliedNames(db)).has(migration.name)) continue;
      throw toD1StoreError(err, `applying database migration ${migration.name}`);
    }
    done.push(migration.name);
  }
  return done;
}

async function appliedNames(db: D1Like): Promise<Set<string>> {
  try {
    await db.prepare(CREATE_TABLE).run();
    const { results } = await db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all<{ name: string }>();
    return new Set(results.map((row) => row.name));
  } catch (err) {
    throw toD1StoreError(err, 'reading applied database migrations');
  }
}
