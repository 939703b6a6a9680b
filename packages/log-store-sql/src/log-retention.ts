import type { LogRetention } from '@bosun/hub';
import { dropPartition, ftsTable, linesTable, listPartitions, type Partition } from './log-partitions.ts';
import { LINE_FLAGS } from './log-writer.ts';
import type { SqlDatabase } from './sql-database.ts';
import { storedLineTs, tsColumns } from './stored-timestamp.ts';

/** The sizes retention works with, derived from `maxBytes` (see `retentionSizes`). */
export type RetentionSizes = {
  /** Text bytes after which the open partition is sealed. */
  partitionTextBytes: number;
  /** Text bytes and entries one write transaction takes at most. */
  transactionBytes: number;
  transactionEntries: number;
  /** The WAL is checkpointed and truncated once it passes this (`SqlDatabase.trimJournal`). */
  walBytes: number;
  /** What the store keeps free below `maxBytes` after each write (see `retentionSizes`). */
  headroomBytes: number;
};

const KIB = 1024;
const MIB = 1024 * KIB;
// node:sqlite writes on the manager's event loop, which also carries every live stream: a
// transaction of 2,048 ~100-byte lines holds it about 45 ms at the log-store bench's load rate
// (44,000 lines/s; the trigram index is most of it), short enough that an agent's outbound queue
// does not fill meanwhile. With 8,192 (about 185 ms) the throughput-retained bench saw an agent
// drop lines on its link in one run of three.
const TRANSACTION_BYTES = 256 * KIB;
const TRANSACTION_ENTRIES = 2_048;
// On disk a line takes about 2.3 times its text (lines table, its index and the trigram index,
// measured by the bench on ~100-byte lines); 4 leaves a margin.
const DISK_PER_TEXT_BYTE = 4;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Math.floor(value)));
}

/**
 * Sizes for a bound of `maxBytes` (0: unbounded). The guarantee: after every write transaction the
 * store measures its file plus WAL and, above `maxBytes - headroomBytes`, drops whole partitions,
 * oldest first, and vacuums until below. Until the next check it grows by at most one transaction
 * (`transactionBytes` of text, at most `DISK_PER_TEXT_BYTE` times that on disk, in the WAL) on top
 * of a WAL held under `walBytes`. The headroom is twice that: while a checkpoint copies the WAL
 * into the file, the file has grown by the WAL's new pages and the WAL is not yet truncated, so
 * those pages are counted twice (the bench's sampling saw the bound passed by that much with a
 * headroom of one WAL). Dropping partitions starts from an empty WAL and vacuums in steps whose
 * WAL stays under `walBytes`, within the same headroom. So file plus WAL stays within `maxBytes`. What is kept is at least
 * `maxBytes - headroomBytes` minus one partition (the one just dropped), unless a single partition
 * is larger, when the open one is sealed and dropped too.
 */
export function retentionSizes(maxBytes: number): RetentionSizes {
  if (maxBytes <= 0) {
    return {
      partitionTextBytes: 16 * MIB,
      transactionBytes: TRANSACTION_BYTES,
      transactionEntries: TRANSACTION_ENTRIES,
      walBytes: 16 * MIB,
      headroomBytes: 0,
    };
  }
  const transactionBytes = clamp(maxBytes / 256, 4 * KIB, TRANSACTION_BYTES);
  const walBytes = clamp(maxBytes / 32, 64 * KIB, 16 * MIB);
  return {
    partitionTextBytes: clamp(maxBytes / 16 / DISK_PER_TEXT_BYTE, 16 * KIB, 16 * MIB),
    transactionBytes,
    transactionEntries: TRANSACTION_ENTRIES,
    walBytes,
    headroomBytes: 2 * (walBytes + DISK_PER_TEXT_BYTE * transactionBytes),
  };
}

/**
 * Age first (sealed partitions whose newest line is older than `maxAgeMs`), then each stream's
 * bytes (its oldest rows deleted: the pages are reused by later lines), then the total (whole
 * partitions, oldest first, each followed by `reclaim` so the database shrinks). Returns the
 * partitions left. Sizes are what `db.sizeBytes()` says: on Node the file and its WAL, which the
 * journal calls keep within the bound (see `retentionSizes`); a runtime that keeps its journal
 * out of that figure makes them no-ops, and the headroom is then a margin only.
 */
export function enforceRetention(
  db: SqlDatabase,
  retention: LogRetention,
  sizes: RetentionSizes,
  now: number,
): Partition[] {
  let partitions = listPartitions(db);
  let dropped = false;
  if (retention.maxAgeMs > 0) {
    const cutoff = BigInt(now - retention.maxAgeMs) * 1_000_000n;
    for (const p of partitions) {
      if (!p.sealed || p.maxTns === null || p.maxTns >= cutoff) continue;
      db.transaction(() => dropPartition(db, p.id));
      dropped = true;
    }
  }
  if (retention.maxStreamBytes > 0) trimStreams(db, retention.maxStreamBytes);
  if (dropped) db.reclaim(sizes.walBytes);
  db.trimJournal(sizes.walBytes);
  partitions = listPartitions(db);
  if (retention.maxBytes <= 0) return partitions;
  const limit = retention.maxBytes - sizes.headroomBytes;
  // An empty WAL before the first drop: the drop and each vacuum step then add at most one step's
  // pages to a file that no longer grows (see `retentionSizes`).
  if (db.sizeBytes() > limit) db.emptyJournal();
  while (db.sizeBytes() > limit && partitions.length > 0) {
    const oldest = partitions[0] as Partition;
    if (!oldest.sealed) break;
    db.transaction(() => dropPartition(db, oldest.id));
    db.reclaim(sizes.walBytes);
    partitions = listPartitions(db);
  }
  return partitions;
}

function trimStreams(db: SqlDatabase, maxStreamBytes: number): void {
  const over = db
    .prepare(
      'SELECT stream_id, sum(bytes) AS bytes FROM partition_streams GROUP BY stream_id HAVING sum(bytes) > ?',
    )
    .all(maxStreamBytes);
  for (const row of over) {
    const streamId = Number(row.stream_id);
    let excess = Number(row.bytes) - maxStreamBytes;
    const shares = db
      .prepare('SELECT partition_id, bytes FROM partition_streams WHERE stream_id = ? ORDER BY partition_id')
      .all(streamId);
    for (const share of shares) {
      if (excess <= 0) break;
      const partitionId = Number(share.partition_id);
      const bytes = Number(share.bytes);
      const cutoff = bytes <= excess ? Number.MAX_SAFE_INTEGER : cutoffSeq(db, partitionId, streamId, excess);
      db.transaction(() => deleteThrough(db, partitionId, streamId, cutoff));
      excess -= Math.min(bytes, excess);
    }
  }
}

// The seq through which a stream's oldest rows in a partition add up to `excess` text bytes.
function cutoffSeq(db: SqlDatabase, partitionId: number, streamId: number, excess: number): number {
  let sum = 0;
  let seq = -1;
  const rows = db
    .prepare(
      `SELECT seq, length(CAST(text AS BLOB)) AS bytes FROM ${linesTable(partitionId)} WHERE stream_id = ? ORDER BY seq`,
    )
    .iterate(streamId);
  for (const row of rows) {
    sum += Number(row.bytes);
    seq = Number(row.seq);
    if (sum >= excess) break;
  }
  return seq;
}

function deleteThrough(db: SqlDatabase, partitionId: number, streamId: number, seq: number): void {
  const lines = linesTable(partitionId);
  const fts = ftsTable(partitionId);
  db.prepare(
    `INSERT INTO ${fts} (${fts}, rowid, text) SELECT 'delete', id, CASE WHEN flags & ${LINE_FLAGS.BASE64} THEN '' ELSE text END
     FROM ${lines} WHERE stream_id = ? AND seq <= ?`,
  ).run(streamId, seq);
  db.prepare(`DELETE FROM ${lines} WHERE stream_id = ? AND seq <= ?`).run(streamId, seq);
  db.prepare('DELETE FROM markers WHERE partition_id = ? AND stream_id = ? AND pos < ?').run(
    partitionId,
    streamId,
    seq,
  );
  const left = db
    .prepare(
      `SELECT count(*) AS lines, coalesce(sum(length(CAST(text AS BLOB))), 0) AS bytes FROM ${lines} WHERE stream_id = ?`,
    )
    .get(streamId);
  if (Number(left?.lines ?? 0) === 0) {
    db.prepare('DELETE FROM partition_streams WHERE partition_id = ? AND stream_id = ?').run(
      partitionId,
      streamId,
    );
    return;
  }
  const first = db
    .prepare(
      `SELECT CAST(tns AS TEXT) AS tns_text, ${tsColumns()} FROM ${lines} WHERE stream_id = ? ORDER BY tns LIMIT 1`,
    )
    .get(streamId);
  const firstTs =
    first === undefined
      ? ''
      : storedLineTs(first.ts === null ? null : String(first.ts), Number(first.sec), Number(first.nsec));
  db.prepare(
    'UPDATE partition_streams SET lines = ?, bytes = ?, first_tns = ?, first_ts = ? WHERE partition_id = ? AND stream_id = ?',
  ).run(
    Number(left?.lines),
    Number(left?.bytes),
    first === undefined ? null : BigInt(String(first.tns_text)),
    firstTs,
    partitionId,
    streamId,
  );
}
