import type { SqlDatabase } from './sql-database.ts';

/** One time partition: its lines table and trigram index, dropped whole by retention. */
export type Partition = {
  id: number;
  openedAt: number;
  sealed: boolean;
  textBytes: number;
  minTns: bigint | null;
  maxTns: bigint | null;
};

/** The lines table of partition `id`. */
export function linesTable(id: number): string {
  return `lines_${id}`;
}

/** The FTS5 trigram index of partition `id`. */
export function ftsTable(id: number): string {
  return `fts_${id}`;
}

// flags: 1 stderr, 2 base64, 4 truncated, 8 partial. ts is null when tns renders back to it (see
// stored-timestamp.ts). The (stream_id, seq, tns) index lets a page from a time walk the stream in
// seq order without reading rows it skips. The trigram index holds UTF-8 lines only (a base64 line
// indexes as ''), with detail=none (LIKE on a trigram index needs no positions, and the index is
// 40 % smaller than with them, measured on ~100-byte lines) and columnsize=0 (the per-line token
// counts serve only ranking, which search does not do).
/** Creates partition `id`'s tables and records it as the one being written. */
export function createPartition(db: SqlDatabase, id: number, openedAt: number): Partition {
  db.exec(`
CREATE TABLE ${linesTable(id)} (
  id INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  tns INTEGER NOT NULL,
  ts TEXT,
  flags INTEGER NOT NULL,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX ${linesTable(id)}_seq ON ${linesTable(id)} (stream_id, seq, tns);
CREATE VIRTUAL TABLE ${ftsTable(id)} USING fts5(
  text, content='${linesTable(id)}', content_rowid='id', tokenize='trigram', detail='none', columnsize=0
);`);
  db.prepare('INSERT INTO partitions (id, opened_at) VALUES (?, ?)').run(id, openedAt);
  return { id, openedAt, sealed: false, textBytes: 0, minTns: null, maxTns: null };
}

/** Drops partition `id`: its tables, its markers and its share of every stream. */
export function dropPartition(db: SqlDatabase, id: number): void {
  db.exec(`DROP TABLE IF EXISTS ${ftsTable(id)}; DROP TABLE IF EXISTS ${linesTable(id)};`);
  db.prepare('DELETE FROM markers WHERE partition_id = ?').run(id);
  db.prepare('DELETE FROM partition_streams WHERE partition_id = ?').run(id);
  db.prepare('DELETE FROM partitions WHERE id = ?').run(id);
}

/** Every partition, oldest first. */
export function listPartitions(db: SqlDatabase): Partition[] {
  const rows = db
    .prepare(
      `SELECT id, opened_at, sealed, text_bytes, CAST(min_tns AS TEXT) AS min_tns, CAST(max_tns AS TEXT) AS max_tns
       FROM partitions ORDER BY id`,
    )
    .all();
  return rows.map((r) => ({
    id: Number(r.id),
    openedAt: Number(r.opened_at),
    sealed: Number(r.sealed) === 1,
    textBytes: Number(r.text_bytes),
    minTns: r.min_tns === null ? null : BigInt(String(r.min_tns)),
    maxTns: r.max_tns === null ? null : BigInt(String(r.max_tns)),
  }));
}
