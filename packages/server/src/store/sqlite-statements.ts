import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Prepares each of `sql`'s statements once, when the store opens, under the same names. */
export function prepareAll<Name extends string>(
  db: DatabaseSync,
  sql: Readonly<Record<Name, string>>,
): Record<Name, StatementSync> {
  const statements = {} as Record<Name, StatementSync>;
  for (const name of Object.keys(sql) as Name[]) statements[name] = db.prepare(sql[name]);
  return statements;
}
