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
import type { SqlDatabase } from './sql-database.ts';
import { storedLineTs, tsColumns } from './stored-timestamp.ts';

/** How many rows a filtered read runs through the matcher, or an unindexed search examines, before it stops. */
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
  db: SqlDatabase,
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

// An unindexed scan reads a partition in rowid ranges of at most this many ids and counts the rows
// in range (time and streams) of each against the budget before it applies the LIKE prefilter: a
// prefilter that passes few rows still pays for every row it looked at, so a short pattern stops
// at the same row as a regex over the same range would.
const SCAN_CHUNK_ROWS = 65_536;

type SqlFilter = { where: string[]; args: Array<string | bigint | number> };

/**
 * A search across partitions, newest first (see the port's `search`). An unindexed one examines
 * at most `scanBudgetRows` rows in range and, stopped there, says the last one's timestamp.
 */
export function searchPartitions(
  db: SqlDatabase,
  partitions: readonly Partition[],
  streams: ReadonlyMap<number, LogStreamMeta>,
  query: LogSearchQuery,
  scanBudgetRows: number = SCAN_BUDGET_ROWS,
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
  const range: SqlFilter = { where: [], args: [] };
  if (since !== undefined) {
    range.where.push('l.tns >= ?');
    range.args.push(since);
  }
  if (until !== undefined) {
    range.where.push('l.tns < ?');
    range.args.push(until);
  }
  if (selected !== undefined) range.where.push(`l.stream_id IN (${selected.join(',')})`);
  const filter: SqlFilter =
    like === undefined
      ? range
      : { where: [indexed ? 'f.text LIKE ?' : 'l.text LIKE ?', ...range.where], args: [like, ...range.args] };
  const countLimit = query.countLimit ?? 10_000;
  const hits: LogSearchHit[] = [];
  const counts = new Map<number, number>();
  let counted = 0;
  let countsComplete = true;
  // True once both the hits and the counts are full: the search has its answer.
  const visit = (row: Row): boolean => {
    const line = rowLine(row);
    if (!test(line)) return false;
    if (counted < countLimit) {
      counts.set(row.stream_id, (counts.get(row.stream_id) ?? 0) + 1);
      counted += 1;
    } else {
      countsComplete = false;
    }
    if (hits.length < query.limit) {
      const meta = streams.get(row.stream_id);
      if (meta !== undefined) hits.push({ agentId: meta.agentId, containerId: meta.containerId, line });
      return false;
    }
    return !countsComplete;
  };
  const columns = `SELECT l.id, l.stream_id, l.seq, ${tsColumns('l')}, l.flags, l.text`;
  let scanned = 0;
  let scannedFrom: string | null = null;
  let complete = true;
  const empty = selected !== undefined && selected.length === 0;
  outer: for (const p of empty ? [] : [...partitions].reverse()) {
    if (since !== undefined && p.maxTns !== null && p.maxTns < since) continue;
    if (until !== undefined && p.minTns !== null && p.minTns >= until) continue;
    if (indexed) {
      const where = filter.where.length ? ` WHERE ${filter.where.join(' AND ')}` : '';
      const sql = `${columns} FROM ${ftsTable(p.id)} f JOIN ${linesTable(p.id)} l ON l.id = f.rowid${where} ORDER BY f.rowid DESC`;
      for (const raw of db.prepare(sql).iterate(...filter.args)) {
        if (visit(raw as unknown as Row)) break outer;
      }
      continue;
    }
    const ids = db.prepare(`SELECT min(id) AS low, max(id) AS high FROM ${linesTable(p.id)}`).get() as {
      low: number | null;
      high: number | null;
    };
    if (ids.low === null || ids.high === null) continue;
    const table = linesTable(p.id);
    const inChunk = (conditions: string[]) => ['l.id BETWEEN ? AND ?', ...conditions].join(' AND ');
    // One pass over a chunk counts its rows in range and, with a LIKE prefilter, collects the ids
    // it passes, so only those rows are read again.
    const tally = db.prepare(
      `SELECT count(*) AS n${like === undefined ? '' : ', json_group_array(l.id) FILTER (WHERE l.text LIKE ?) AS matched'} FROM ${table} l WHERE ${inChunk(range.where)}`,
    );
    const rows =
      like === undefined
        ? db.prepare(`${columns} FROM ${table} l WHERE ${inChunk(range.where)} ORDER BY l.id DESC`)
        : db.prepare(
            `${columns} FROM ${table} l WHERE l.id IN (SELECT value FROM json_each(?)) AND l.id >= ? ORDER BY l.id DESC`,
          );
    const nth = db.prepare(
      `SELECT l.id, ${tsColumns('l')} FROM ${table} l WHERE ${inChunk(range.where)} ORDER BY l.id DESC LIMIT 1 OFFSET ?`,
    );
    for (let high = ids.high; high >= ids.low; ) {
      let low = Math.max(ids.low, high - SCAN_CHUNK_ROWS + 1);
      const chunk = tally.get(...(like === undefined ? [] : [like]), low, high, ...range.args) as {
        n: number;
        matched?: string;
      };
      const count = Number(chunk.n);
      // The row in range at which the budget runs out: the chunk is cut there, and it is where a
      // caller searches on from.
      const last =
        scanned + count < scanBudgetRows
          ? undefined
          : (nth.get(low, high, ...range.args, scanBudgetRows - scanned - 1) as Pick<
              Row,
              'id' | 'ts' | 'sec' | 'nsec'
            >);
      if (last !== undefined) low = last.id;
      const found =
        chunk.matched === undefined
          ? rows.iterate(low, high, ...range.args)
          : chunk.matched === '[]'
            ? []
            : rows.iterate(chunk.matched, low);
      for (const raw of found) {
        if (visit(raw as unknown as Row)) break outer;
      }
      if (last !== undefined) {
        complete = false;
        scannedFrom = storedLineTs(last.ts, last.sec, last.nsec);
        break outer;
      }
      scanned += count;
      high = low - 1;
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
