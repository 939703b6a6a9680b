import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import type { D1Like } from '../../src/store/index.ts';

/** A local workerd with one D1 database, reachable from Node through Miniflare's proxy. */
export type D1TestDatabase = { db: D1Like; dispose(): Promise<void> };

/**
 * Starts workerd (a trivial Worker bound to one in-memory D1 database) and answers the binding.
 * One start per test file: starting workerd costs far more than emptying the database.
 */
export async function startD1TestDatabase(): Promise<D1TestDatabase> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      cf: false,
      workers: [
        {
          name: 'd1-test',
          modules: true,
          script: 'export default { fetch() { return new Response("") } }',
          compatibilityDate: '2026-11-01',
          d1Databases: { DB: 'd1-test' },
        },
      ],
    }),
  );
  await mf.ready;
  const db: D1Like = await mf.getD1Database('DB');
  return { db, dispose: () => mf.dispose() };
}

/**
 * Drops every table, newest first so no foreign key points at a table already gone, leaving the
 * database as new (D1's own `_cf_` tables and SQLite's stay, as they must).
 */
export async function emptyD1(db: D1Like): Promise<void> {
  const { results } = await db
    .prepare(
      `SELECT name FROM sqlite_master
       WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> '_cf_'
       ORDER BY rowid DESC`,
    )
    .all<{ name: string }>();
  if (results.length === 0) return;
  await db.batch(results.map(({ name }) => db.prepare(`DROP TABLE "${name.replaceAll('"', '""')}"`)));
}
