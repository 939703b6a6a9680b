import { admitEntries, type LogStreamMeta, markerPosition, type QueuedBatch } from '@bosun/hub';
import {
  advanceResumeCursor,
  dockerTimestampToUnixNanos,
  entryTextBytes,
  type LogEntry,
  type ResumeCursor,
} from '@bosun/protocol';
import { createPartition, ftsTable, linesTable, type Partition } from './log-partitions.ts';
import type { SqlDatabase, SqlStatement } from './sql-database.ts';
import { tsToStore } from './stored-timestamp.ts';

const STDERR = 1;
const BASE64 = 2;
const TRUNCATED = 4;
const PARTIAL = 8;

/** The flag bits a stored line keeps (see log-partitions.ts). */
export const LINE_FLAGS = { STDERR, BASE64, TRUNCATED, PARTIAL } as const;

/** What the writer keeps of a stream it has written. */
export type StreamState = {
  id: number;
  newestSeq: number;
  cursor: ResumeCursor | undefined;
  metaJson: string;
};
type Share = {
  lines: number;
  bytes: number;
  firstTns: bigint;
  firstTs: string;
  lastTns: bigint;
  lastTs: string;
};

/**
 * Writes queued batches into the open partition, one transaction per call, and keeps per stream
 * its newest seq and resume cursor (in memory and in `streams`, in the same transaction as the
 * lines, so a cursor never claims a line that was not written).
 */
export class LogWriter {
  readonly #db: SqlDatabase;
  readonly #streams = new Map<string, StreamState>();
  #partition: Partition;
  #nextLineId: number;
  #insertLine: SqlStatement;
  #insertFts: SqlStatement;

  constructor(db: SqlDatabase, partition: Partition | undefined, now: number) {
    this.#db = db;
    for (const row of db
      .prepare('SELECT id, agent_id, container_id, meta, newest_seq, cursor FROM streams')
      .all()) {
      this.#streams.set(streamKey(String(row.agent_id), String(row.container_id)), {
        id: Number(row.id),
        newestSeq: Number(row.newest_seq),
        cursor: row.cursor === null ? undefined : (JSON.parse(String(row.cursor)) as ResumeCursor),
        metaJson: String(row.meta),
      });
    }
    this.#partition = partition ?? createPartition(db, 1, now);
    this.#nextLineId = Number(
      db.prepare(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${linesTable(this.#partition.id)}`).get()
        ?.next ?? 1,
    );
    if (this.#nextLineId === 1) this.#nextLineId = this.#partition.id * 2 ** 32 + 1;
    this.#insertLine = this.#prepareInsert();
    this.#insertFts = this.#prepareFts();
  }

  /** The partition being written. */
  get partition(): Partition {
    return this.#partition;
  }

  /** The stream's id and cursor, when it has been written. */
  stream(agentId: string, containerId: string): StreamState | undefined {
    return this.#streams.get(streamKey(agentId, containerId));
  }

  /** Every stream written, by id. */
  streamIds(): Map<number, LogStreamMeta> {
    const byId = new Map<number, LogStreamMeta>();
    for (const state of this.#streams.values())
      byId.set(state.id, JSON.parse(state.metaJson) as LogStreamMeta);
    return byId;
  }

  /** Seals the open partition and opens the next one (inside the caller's transaction). */
  rotate(now: number): void {
    this.#db.prepare('UPDATE partitions SET sealed = 1 WHERE id = ?').run(this.#partition.id);
    this.#partition = createPartition(this.#db, this.#partition.id + 1, now);
    // Ids stay ascending across partitions: arrival order is id order everywhere.
    this.#nextLineId = this.#partition.id * 2 ** 32 + 1;
    this.#insertLine = this.#prepareInsert();
    this.#insertFts = this.#prepareFts();
  }

  /** Writes the batches' new entries (in the caller's transaction). */
  write(batches: readonly QueuedBatch[]): void {
    const shares = new Map<number, Share>();
    const touched = new Set<StreamState>();
    for (const batch of batches) {
      const state = this.#state(batch.stream);
      const { kept, newestSeq } = admitEntries(state.newestSeq, batch.entries);
      state.newestSeq = newestSeq;
      touched.add(state);
      for (const entry of kept) this.#writeEntry(state, entry, shares);
    }
    const p = this.#partition;
    for (const [streamId, s] of shares) {
      this.#db
        .prepare(
          `INSERT INTO partition_streams (partition_id, stream_id, lines, bytes, first_tns, first_ts, last_tns, last_ts)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (partition_id, stream_id) DO UPDATE SET lines = lines + excluded.lines,
             bytes = bytes + excluded.bytes,
             first_ts = CASE WHEN excluded.first_tns < first_tns THEN excluded.first_ts ELSE first_ts END,
             first_tns = min(first_tns, excluded.first_tns),
             last_ts = CASE WHEN excluded.last_tns >= last_tns THEN excluded.last_ts ELSE last_ts END,
             last_tns = max(last_tns, excluded.last_tns)`,
        )
        .run(p.id, streamId, s.lines, s.bytes, s.firstTns, s.firstTs, s.lastTns, s.lastTs);
      p.textBytes += s.bytes;
      if (p.minTns === null || s.firstTns < p.minTns) p.minTns = s.firstTns;
      if (p.maxTns === null || s.lastTns > p.maxTns) p.maxTns = s.lastTns;
    }
    if (shares.size > 0) {
      this.#db
        .prepare('UPDATE partitions SET text_bytes = ?, min_tns = ?, max_tns = ? WHERE id = ?')
        .run(p.textBytes, p.minTns, p.maxTns, p.id);
    }
    const update = this.#db.prepare('UPDATE streams SET newest_seq = ?, cursor = ?, meta = ? WHERE id = ?');
    for (const state of touched) {
      update.run(
        state.newestSeq,
        state.cursor === undefined ? null : JSON.stringify(state.cursor),
        state.metaJson,
        state.id,
      );
    }
  }

  #writeEntry(state: StreamState, entry: LogEntry, shares: Map<number, Share>): void {
    if (entry.kind !== 'line') {
      this.#db
        .prepare('INSERT INTO markers (partition_id, stream_id, pos, entry) VALUES (?, ?, ?, ?)')
        .run(this.#partition.id, state.id, markerPosition(entry), JSON.stringify(entry));
      return;
    }
    const tns = dockerTimestampToUnixNanos(entry.ts);
    const base64 = entry.encoding === 'base64';
    const flags =
      (entry.stream === 'stderr' ? STDERR : 0) |
      (base64 ? BASE64 : 0) |
      (entry.truncated ? TRUNCATED : 0) |
      (entry.partial ? PARTIAL : 0);
    const id = this.#nextLineId++;
    this.#insertLine.run(id, state.id, entry.seq, tns, tsToStore(entry.ts, tns), flags, entry.text);
    this.#insertFts.run(id, base64 ? '' : entry.text);
    state.cursor = advanceResumeCursor(state.cursor, entry);
    const bytes = entryTextBytes(entry);
    const share = shares.get(state.id);
    if (share === undefined) {
      shares.set(state.id, {
        lines: 1,
        bytes,
        firstTns: tns,
        firstTs: entry.ts,
        lastTns: tns,
        lastTs: entry.ts,
      });
      return;
    }
    share.lines += 1;
    share.bytes += bytes;
    if (tns < share.firstTns) {
      share.firstTns = tns;
      share.firstTs = entry.ts;
    }
    if (tns >= share.lastTns) {
      share.lastTns = tns;
      share.lastTs = entry.ts;
    }
  }

  #state(meta: LogStreamMeta): StreamState {
    const key = streamKey(meta.agentId, meta.containerId);
    const metaJson = JSON.stringify(meta);
    const known = this.#streams.get(key);
    if (known !== undefined) {
      known.metaJson = metaJson;
      return known;
    }
    const row = this.#db
      .prepare(
        'INSERT INTO streams (agent_id, container_id, meta, newest_seq) VALUES (?, ?, ?, -1) RETURNING id',
      )
      .get(meta.agentId, meta.containerId, metaJson);
    const state: StreamState = { id: Number(row?.id), newestSeq: -1, cursor: undefined, metaJson };
    this.#streams.set(key, state);
    return state;
  }

  #prepareInsert(): SqlStatement {
    return this.#db.prepare(
      `INSERT INTO ${linesTable(this.#partition.id)} (id, stream_id, seq, tns, ts, flags, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  #prepareFts(): SqlStatement {
    return this.#db.prepare(`INSERT INTO ${ftsTable(this.#partition.id)} (rowid, text) VALUES (?, ?)`);
  }
}

function streamKey(agentId: string, containerId: string): string {
  return `${agentId}\u0000${containerId}`;
}
