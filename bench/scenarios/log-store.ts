import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogStore, LogStreamMeta } from '@bosun/hub';
import type { LogLine, LogLineFilter } from '@bosun/protocol';
import { openSqliteLogStore } from '@bosun/server';
import { sampleFileSizes } from '../lib/file-size-sampler.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';

const LINES = Number(process.env.BOSUN_BENCH_LOG_LINES ?? 10_000_000);
const BOUND_BYTES = Number(process.env.BOSUN_BENCH_LOG_BOUND_MIB ?? 64) * 2 ** 20;
const CONTAINERS = 8;
const BATCH = 500;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const RUNS_PER_QUERY = 20;
// An unindexed search scans up to the store's budget of rows: fewer runs keep the scenario short,
// and its p95 is then the slowest of them.
const RUNS_PER_UNINDEXED_QUERY = 10;
const RARE = 'xq-rare-7731';

// The fixed query set: each for the 100 newest hits over all lines and over the last hour.
const QUERIES: Array<{ name: string; filter: LogLineFilter; indexed: boolean }> = [
  { name: 'rare term', filter: { pattern: RARE }, indexed: true },
  { name: 'common term', filter: { pattern: 'request' }, indexed: true },
  { name: 'regex', filter: { pattern: 'status=5\\d\\d', regex: true }, indexed: false },
  { name: 'two-character term', filter: { pattern: 'zx' }, indexed: false },
];

/**
 * The log store alone (no manager, no agent): N realistic ~100-byte lines of 8 containers over
 * 24 hours loaded through the store's own append path (its queue and writer, with the default
 * transaction sizes and every index maintained line by line, as ingest writes), then the fixed
 * query set, time-range pages, the size per million lines, and a second store filled past a byte
 * bound, its file and WAL sampled on another thread throughout, to show they never exceed the
 * bound and that the oldest lines went first.
 */
export async function logStore(): Promise<ScenarioRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-logs-'));
  try {
    const store = openSqliteLogStore(join(dir, 'logs.db'), { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 });
    const end = Date.now();
    const start = end - DAY_MS;
    const t0 = performance.now();
    await load(store, LINES, (i) => start + Math.floor((i * DAY_MS) / LINES));
    const loadSeconds = (performance.now() - t0) / 1000;
    const stats = await store.stats();
    const measures: Measure[] = [
      {
        name: `load ${LINES.toLocaleString('en')} lines through append (queue and writer, default transactions)`,
        unit: 's',
        value: Math.round(loadSeconds),
      },
      { name: 'load through append', unit: 'lines/s', value: Math.round(LINES / loadSeconds) },
      {
        name: 'store size per million lines',
        unit: 'MiB',
        value: Number((stats.bytes / 2 ** 20 / (LINES / 1e6)).toFixed(1)),
      },
    ];
    const lastHour = new Date(end - HOUR_MS).toISOString();
    const raw: Record<string, unknown> = { lines: LINES, loadedThrough: 'append', bytes: stats.bytes };
    const t1 = performance.now();
    for (const q of QUERIES) {
      for (const [scope, since] of [
        ['all lines', undefined],
        ['last hour', lastHour],
      ] as const) {
        const times: number[] = [];
        let result: Awaited<ReturnType<LogStore['search']>> | undefined;
        for (let i = 0; i < (q.indexed ? RUNS_PER_QUERY : RUNS_PER_UNINDEXED_QUERY); i++) {
          const t = performance.now();
          result = await store.search({ filter: q.filter, limit: 100, ...(since ? { since } : {}) });
          times.push(performance.now() - t);
        }
        raw[`${q.name}, ${scope}`] = {
          hits: result?.hits.length,
          indexed: result?.indexed,
          complete: result?.complete,
          countsComplete: result?.countsComplete,
        };
        measures.push({
          name: `search p95: ${q.name}, ${scope}`,
          unit: 'ms',
          value: round(p95(times)),
          ...(q.indexed ? { target: { op: '<=', value: 200 } } : {}),
        });
      }
    }
    const pages: number[] = [];
    for (let i = 0; i < 50; i++) {
      const since = new Date(start + ((i * 7919) % 1000) * (DAY_MS / 1000)).toISOString();
      const t = performance.now();
      await store.read({
        agentId: 'bench',
        containerId: `c${i % CONTAINERS}`,
        order: 'oldest',
        limit: 100,
        since,
      });
      pages.push(performance.now() - t);
    }
    measures.push({
      name: 'time-range page p95',
      unit: 'ms',
      value: round(p95(pages)),
      target: { op: '<=', value: 50 },
    });
    await store.close();
    raw.querySeconds = Math.round((performance.now() - t1) / 1000);
    const t2 = performance.now();
    const bound = await fillPastBound(join(dir, 'bounded.db'));
    raw.boundSeconds = Math.round((performance.now() - t2) / 1000);
    measures.push(
      {
        name: 'bounded store: largest file + WAL sampled during the fill / bound',
        unit: 'ratio',
        value: bound.ratio,
        target: { op: '<=', value: 1 },
      },
      {
        name: 'bounded store: streams holding exactly their newest lines (oldest gone first)',
        unit: 'share',
        value: bound.newestKept,
        target: { op: '>=', value: 1 },
      },
      { name: 'bounded store: oldest seq kept of c0', unit: 'seq', value: bound.oldestSeq },
    );
    raw.bound = bound;
    return { measures, raw };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Fills a store bounded at BOUND_BYTES with 1.5 times that much text (about 3.5 times the bound on
// disk), sampling its file and WAL about every millisecond on another thread, then checks each
// stream kept a run of its newest lines without a gap: retention dropped the oldest first.
async function fillPastBound(path: string) {
  const store = openSqliteLogStore(path, { maxBytes: BOUND_BYTES, maxAgeMs: 0, maxStreamBytes: 0 });
  const lines = Math.ceil((1.5 * BOUND_BYTES) / 100);
  const sampler = sampleFileSizes([path, `${path}-wal`]);
  const end = Date.now();
  const written = await load(store, lines, (i) => end - DAY_MS + i, 20_000);
  const sampled = await sampler.stop();
  const kept = await store.streams();
  let newestKept = 0;
  let oldestSeq = -1;
  for (const [c, lastWritten] of written.entries()) {
    const stream = kept.find((s) => s.containerId === `c${c}`);
    const page = await store.read({ agentId: 'bench', containerId: `c${c}`, order: 'oldest', limit: 1 });
    const first = page.entries[0];
    const firstSeq = first?.kind === 'line' ? first.seq : -1;
    if (c === 0) oldestSeq = firstSeq;
    const gapless = stream !== undefined && stream.lines === lastWritten - firstSeq + 1;
    if (gapless && stream.lastSeq === lastWritten && firstSeq > 0) newestKept += 1;
  }
  await store.close();
  return {
    boundBytes: BOUND_BYTES,
    largestBytes: sampled.largestBytes,
    samples: sampled.samples,
    ratio: Number((sampled.largestBytes / BOUND_BYTES).toFixed(3)),
    linesWritten: lines,
    oldestSeq,
    newestKept: newestKept / CONTAINERS,
  };
}

// Appends in batches of 500 lines per container, waiting on the writer only when the queue is
// full (as an ingest would resume later), or every `flushEvery` lines, so the load runs through
// the real queue and writer. Returns the last seq written per container.
async function load(
  store: LogStore,
  count: number,
  msOf: (i: number) => number,
  flushEvery = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const metas = Array.from({ length: CONTAINERS }, (_, c) => meta(c));
  const seqs = new Array<number>(CONTAINERS).fill(0);
  for (let i = 0; i < count; ) {
    const c = Math.floor(i / BATCH) % CONTAINERS;
    const batch: LogLine[] = [];
    for (let j = 0; j < BATCH && i < count; j++, i++) {
      batch.push({
        kind: 'line',
        seq: seqs[c]!++,
        ts: new Date(msOf(i)).toISOString().replace('Z', `${String(i % 1_000_000).padStart(6, '0')}Z`),
        stream: i % 17 === 0 ? 'stderr' : 'stdout',
        text: lineText(i),
      });
    }
    while (store.append(metas[c]!, batch) === 'full') await store.flush();
    if (i % flushEvery < BATCH) await store.flush();
  }
  await store.flush();
  return seqs.map((next) => next - 1);
}

const PATHS = ['/api/users', '/api/orders', '/healthz', '/api/items/42', '/login'];

// ~100 bytes, a mix of levels; the rare term once in 200,000 lines, "zx" once in 5,000.
function lineText(i: number): string {
  const h = (Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0');
  const r = i % 100;
  if (i % 200_000 === 7) return `ERROR ${RARE} connection reset by peer trace=${h} attempt=${i % 5}`;
  if (i % 5_000 === 11) return `WARN cache zx-miss key=user:${i % 9973} trace=${h} took ${i % 900}ms`;
  if (r < 5)
    return `ERROR request failed status=5${i % 10}${(i >> 3) % 10} path=${PATHS[i % 5]} trace=${h} took ${i % 3000}ms`;
  if (r < 15) return `WARN slow query table=orders rows=${i % 10_000} trace=${h} took ${i % 2000}ms`;
  if (r < 30) return `DEBUG cache hit key=session:${i % 99_991} node=cache-${i % 3} trace=${h}`;
  return `INFO request handled method=GET path=${PATHS[i % 5]} status=200 trace=${h} took ${i % 300}ms`;
}

function meta(c: number): LogStreamMeta {
  return {
    agentId: 'bench',
    containerId: `c${c}`,
    identity: `bench/app-${c}`,
    hostName: 'bench-host',
    containerName: `app-${c}`,
    image: 'bench:latest',
    labels: {},
    createdAt: null,
  };
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

function round(ms: number): number {
  return Number(ms.toFixed(1));
}
