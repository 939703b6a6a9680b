import { z } from 'zod';

/** What reading the user count needs of a D1 binding (Miniflare's, from Node). */
export type D1Counter = {
  prepare(sql: string): { first(): Promise<unknown> };
};

const countSchema = z.object({ n: z.number() });

/**
 * How many users the local manager's database holds; 0 before its schema exists (the manager
 * object applies the migrations when it first runs). Read before the object's first request, 0
 * means that start creates the first admin with the password it was given.
 */
export async function localUserCount(db: D1Counter): Promise<number> {
  const table = countSchema.parse(
    await db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'users'")
      .first(),
  );
  if (table.n === 0) return 0;
  return countSchema.parse(await db.prepare('SELECT count(*) AS n FROM users').first()).n;
}
