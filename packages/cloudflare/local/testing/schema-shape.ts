import type { DatabaseSync } from 'node:sqlite';

/** One table as SQLite describes it: options, columns, CHECK constraints, foreign keys, indexes. */
export type TableShape = {
  strict: number;
  withoutRowid: boolean;
  columns: unknown[];
  checks: string[];
  foreignKeys: unknown[];
  indexes: unknown[];
};

type Row = Record<string, unknown>;

/**
 * What `db`'s schema defines, table by table, in a form two databases built by different texts
 * compare equal in when they define the same thing: SQLite's own pragmas where they exist, and the
 * text of CHECK constraints and index definitions with white space folded. `skip` names the tables
 * that record applied migrations, which differ by design.
 */
export function schemaShape(db: DatabaseSync, skip: readonly string[]): Record<string, TableShape> {
  const tables = db
    .prepare("SELECT name, type, ncol, wr, strict FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
    .all()
    .filter((t) => !String(t.name).startsWith('sqlite_') && !skip.includes(String(t.name)));
  const shape: Record<string, TableShape> = {};
  for (const table of tables) {
    const name = String(table.name);
    const sql = String(
      db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)?.sql,
    );
    shape[name] = {
      strict: Number(table.strict),
      withoutRowid: Number(table.wr) === 1,
      columns: pragma(db, 'table_xinfo', name),
      checks: checkConstraints(sql),
      foreignKeys: pragma(db, 'foreign_key_list', name)
        .map(({ id: _id, seq: _seq, ...key }) => key)
        .sort(byJson),
      indexes: pragma(db, 'index_list', name)
        .map(({ seq: _seq, ...index }) => ({
          ...index,
          keys: pragma(db, 'index_xinfo', String(index.name)),
          sql: folded(
            db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(String(index.name))?.sql,
          ),
        }))
        .sort(byJson),
    };
  }
  return shape;
}

function pragma(db: DatabaseSync, name: string, argument: string): Row[] {
  return db.prepare(`SELECT * FROM pragma_${name}(?)`).all(argument);
}

// Every `CHECK (…)` of a CREATE TABLE, its parentheses balanced, white space folded, sorted: the
// pragmas do not report them, and ALTER TABLE appends a column's CHECK where it adds the column.
function checkConstraints(sql: string): string[] {
  const checks: string[] = [];
  for (const match of sql.matchAll(/\bCHECK\s*\(/gi)) {
    const start = (match.index ?? 0) + match[0].length - 1;
    const end = closingParenthesis(sql, start);
    if (end !== undefined) checks.push(folded(sql.slice(start, end + 1)) ?? '');
  }
  return checks.sort();
}

function closingParenthesis(sql: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < sql.length; i += 1) {
    if (sql[i] === '(') depth += 1;
    if (sql[i] === ')') depth -= 1;
    if (depth === 0) return i;
  }
  return undefined;
}

function folded(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  return text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

function byJson(a: unknown, b: unknown): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
