import type { DatabaseSync } from 'node:sqlite';
import {
  type LogReadPage,
  type LogReadQuery,
  type LogSearchHit,
  type LogSearchQuery,
  type LogSearchResult,
  type LogStreamKey,
  type LogStreamMeta,
  markerInPage,
  orderPage,
  selectsStream,
} from '@bosun/hub';
import { compileLineFilter, dockerTimestampToUnixNanos, type LogEntry, type LogLine } from '@bosun/protocol';
import { ftsTable, linesTable, type Partition } from './log-partitions.ts';
import { LINE_FLAGS } from './log-writer.ts';
import { storedLineTs, tsColumns } from './stored-timestamp.ts';

/** How many rows a filtered read or an unindexed search runs through the matcher before it stops. */
export const SCAN_BUDGET_ROWS = 1_000_000;

type Row = {
  id: number;
  stream_id: number;
  seq: number;
  ts: string | null;
  sec: number;
  nsec: number;
  flags: number;
  text: string;
};

/** A stored row as the line Docker printed. */
export function rowLine(row: Row): LogLine {
  const line: LogLine = {
    kind: 'line',
    seq: row.seq,
    ts: storedLineTs(row.ts, row.sec, row.nsec),
    stream: row.flags & LINE_FLAGS.STDERR ? 'stderr' : 'stdout',
    text: row.text,
  };
  if (row.flags & LINE_FLAGS.BASE64) line.encoding = 'base64';
  if (row.flags & LINE_FLAGS.TRUNCATED) line.truncated = true;
  if (row.flags & LINE_FLAGS.PARTIAL) line.partial = true;
  return line;
}

function tns(ts: string | undefined): bigint | undefined {
  return ts === undefined ? undefined : dockerTimestampToUnixNanos(ts);
}

/** One page of one stream (see the port's `read`). */
export function readPage(
  db: DatabaseSync,
  partitions: readonly Partition[],
  streamId: number,
  query: LogReadQuery,
): LogReadPage {
  if (query.limit <= 0) return { entries: [], next: null };
  const test = query.filter === undefined ? undefined : compileLineFilter(query.filter);
  const oldest = query.order === 'oldest';
  const since = tns(query.since);
  const until = tns(query.until);
  // A partition whose share of the stream lies wholly outside the time range is never opened:
  // a page from a time reads one partition, however many the stream has.
  const span = ['stream_id = ?'];
  const spanArgs: Array<number | bigint> = [streamId];
  if (since !== undefined) {
    span.push('last_tns >= ?');
    spanArgs.push(since);
  }
  if (until !== undefined) {
    span.push('first_tns < ?');
    spanArgs.push(until);
  }
  const held = db
    .prepare(
      `SELECT partition_id FROM partition_streams WHERE ${span.join(' AND ')} ORDER BY partition_id ${oldest ? 'ASC' : 'DESC'}`,
    )
    .all(...spanArgs)
    .map((r) => Number(r.partition_id));
  const known = new Set(partitions.map((p) => p.id));
  const lines: LogLine[] = [];
  let scanned = 0;
  let next: number | null = null;
  outer: for (const partitionId of held) {
    if (!known.has(partitionId)) continue;
    const where = ['stream_id = ?'];
    const args: Array<number | bigint> = [streamId];
    if (query.afterSeq !== undefined) {
      where.push('seq > ?');
      args.push(query.afterSeq);
    }
    if (query.beforeSeq !== undefined) {
      where.push('seq < ?');
      args.push(query.beforeSeq);
    }
    if (since !== undefined) {
      where.push('tns >= ?');
      args.push(since);
    }
    if (until !== undefined) {
      where.push('tns < ?');
      args.push(until);
    }
    const sql = `SELECT id, stream_id, seq, ${tsColumns()}, flags, text FROM ${linesTable(partitionId)} WHERE ${where.join(' AND ')} ORDER BY seq ${oldest ? 'ASC' : 'DESC'}`;
    for (const raw of db.prepare(sql).iterate(...args)) {
      const line = rowLine(raw as unknown as Row);
      if (lines.length === query.limit) {
        next = (lines.at(-1) as LogLine).seq;
        break outer;
      }
      scanned += 1;
      if (test === undefined || test(line)) lines.push(line);
      if (test !== undefined && scanned >= SCAN_BUDGET_ROWS) {
        next = line.seq;
        break outer;
      }
    }
  }
  const low = oldest ? (query.afterSeq ?? -1) : (next ?? -1);
  const high = oldest ? (next ?? Number.MAX_SAFE_INTEGER) : (query.beforeSeq ?? Number.MAX_SAFE_INTEGER);
  const markers = db
    .prepare('SELECT entry FROM markers WHERE stream_id = ? AND pos >= ? AND pos <= ?')
    .all(streamId, low - 1, high)
    .map((r) => JSON.parse(String(r.entry)) as LogEntry)
    .filter((m) => m.kind !== 'line' && markerInPage(query, m, next));
  return { entries: orderPage([...lines, ...markers], query.order), next };
}

// Printable ASCII: SQLite's LIKE folds ASCII case only, so only such a pattern can take
// candidates from LIKE without missing a line the matcher's case folding would find.
const ASCII = /^[\x20-\x7e]*$/;

/** A search across partitions, newest first (see the port's `search`). */
export function searchPartitions(
  db: DatabaseSync,
  partitions: readonly Partition[],
  streams: ReadonlyMap<number, LogStreamMeta>,
  query: LogSearchQuery,
): LogSearchResult {
  const test = compileLineFilter(query.filter);
  const { pattern, regex } = query.filter;
  const likeable = pattern !== undefined && regex !== true && ASCII.test(pattern);
  const indexed = likeable && pattern.length >= 3;
  const like = likeable ? `%${pattern.replace(/[%_]/g, '_')}%` : undefined;
  const selected =
    query.select === undefined
      ? undefined
      : [...streams].filter(([, m]) => selectsStream(query.select, m)).map(([id]) => id);
  const since = tns(query.since);
  const until = tns(query.until);
  const countLimit = query.countLimit ?? 10_000;
  const hits: LogSearchHit[] = [];
  const counts = new Map<number, number>();
  let counted = 0;
  let scanned = 0;
  let scannedFrom: string | null = null;
  let complete = true;
  let countsComplete = true;
  const empty = selected !== undefined && selected.length === 0;
  outer: for (const p of empty ? [] : [...partitions].reverse()) {
    if (since !== undefined && p.maxTns !== null && p.maxTns < since) continue;
    if (until !== undefined && p.minTns !== null && p.minTns >= until) continue;
    const where: string[] = [];
    const args: Array<string | bigint | number> = [];
    if (like !== undefined) {
      where.push(indexed ? 'f.text LIKE ?' : 'l.text LIKE ?');
      args.push(like);
    }
    if (since !== undefined) {
      where.push('l.tns >= ?');
      args.push(since);
    }
    if (until !== undefined) {
      where.push('l.tns < ?');
      args.push(until);
    }
    if (selected !== undefined) where.push(`l.stream_id IN (${selected.join(',')})`);
    const from = indexed
      ? `${ftsTable(p.id)} f JOIN ${linesTable(p.id)} l ON l.id = f.rowid`
      : `${linesTable(p.id)} l`;
    const order = indexed ? 'f.rowid DESC' : 'l.id DESC';
    const sql = `SELECT l.id, l.stream_id, l.seq, ${tsColumns('l')}, l.flags, l.text FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
    for (const raw of db.prepare(sql).iterate(...args)) {
      const row = raw as unknown as Row;
      scanned += 1;
      const line = rowLine(row);
      if (test(line)) {
        if (counted < countLimit) {
          counts.set(row.stream_id, (counts.get(row.stream_id) ?? 0) + 1);
          counted += 1;
        } else {
          countsComplete = false;
        }
        if (hits.length < query.limit) {
          const meta = streams.get(row.stream_id);
          if (meta !== undefined) hits.push({ agentId: meta.agentId, containerId: meta.containerId, line });
        } else if (!countsComplete) {
          break outer;
        }
      }
      if (!indexed && scanned >= SCAN_BUDGET_ROWS) {
        complete = false;
        scannedFrom = line.ts;
        break outer;
      }
    }
  }
  return {
    hits,
    counts: [...counts].flatMap(([id, count]) => {
      const meta = streams.get(id);
      return meta === undefined ? [] : [{ ...keyOf(meta), count }];
    }),
    countsComplete: countsComplete && complete,
    indexed,
    complete,
    scannedFrom,
  };
}

function keyOf(meta: LogStreamKey): LogStreamKey {
  return { agentId: meta.agentId, containerId: meta.containerId };
}
