import { join } from 'node:path';
import type { LogEntry } from '@bosun/protocol';
import { openSqliteLogStore } from '@bosun/server';
import { metricSample, waitFor } from '../../tests/kit/index.ts';
import { nowMs } from '../lib/docker-time.ts';
import { LINE_SUFFIX } from '../lib/line-scripts.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { type StreamBed, startStreamBed } from '../lib/stream-bed.ts';
import { paceOfBare, viaViewer } from './throughput.ts';

// The throughput scenario's viewer run twice on one manager: the container unlabelled, then
// labelled bosun.retain=true so the manager also stores every line in logs.db. Reports the live
// viewer's ratio to the bare client in both, the store's lag during the retained run (sampled
// from /metrics), how long the store took to hold every line after the viewer had them, and
// whether the store holds the lines the viewer received, in the same order.

const SAMPLE_MS = 100;
const CATCH_UP_TIMEOUT_MS = 300_000;

type Lag = { samples: number; maxQueued: number; maxOldestMs: number; p95OldestMs: number };

async function scrape(bed: StreamBed): Promise<string> {
  const res = await fetch(`${bed.manager.url}/metrics`, {
    headers: { authorization: `Bearer ${bed.token}` },
  });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** Samples the store's queue from /metrics until `stop` is called. */
function lagSampler(bed: StreamBed) {
  const queued: number[] = [];
  const oldest: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const text = await scrape(bed);
      queued.push(metricSample(text, 'bosun_log_store_queue_entries') ?? 0);
      oldest.push((metricSample(text, 'bosun_log_store_queue_oldest_seconds') ?? 0) * 1000);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return async (): Promise<Lag> => {
    running = false;
    await loop;
    const sorted = [...oldest].sort((a, b) => a - b);
    return {
      samples: queued.length,
      maxQueued: Math.max(0, ...queued),
      maxOldestMs: Math.round(Math.max(0, ...oldest)),
      p95OldestMs: Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
    };
  };
}

// The burst's lines as the container prints them: "ready" (seq 0), then "i lorem…" for i ≥ 1.
const expectedText = (seq: number) => (seq === 0 ? 'ready' : `${seq}${LINE_SUFFIX}`);

/**
 * Reads the stopped manager's logs.db: how many lines of the container it holds, how many a gap
 * marker covers (lines the agent dropped on a slow link, as the viewer was told too), and how many
 * stored lines are not the line the viewer got at that position (seq out of order, a repeat,
 * another text).
 */
async function storedAgainstViewer(dataDir: string, agentId: string, containerId: string) {
  const store = openSqliteLogStore(join(dataDir, 'logs.db'), { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 });
  try {
    let lines = 0;
    let gapLines = 0;
    let wrong = 0;
    let markers = 0;
    // The seq the next line must have: every line is numbered, gaps included.
    let next = 0;
    let afterSeq: number | undefined;
    for (;;) {
      const page = await store.read({
        agentId,
        containerId,
        order: 'oldest',
        limit: 10_000,
        ...(afterSeq === undefined ? {} : { afterSeq }),
      });
      for (const entry of page.entries as LogEntry[]) {
        if (entry.kind === 'gap') {
          if (entry.fromSeq !== next) wrong += 1;
          gapLines += entry.toSeq - entry.fromSeq + 1;
          next = entry.toSeq + 1;
          continue;
        }
        if (entry.kind !== 'line') {
          markers += 1;
          continue;
        }
        if (entry.seq !== next || entry.text !== expectedText(entry.seq)) wrong += 1;
        next = entry.seq + 1;
        lines += 1;
      }
      if (page.next === null) return { lines, gapLines, wrong, markers };
      afterSeq = page.next;
    }
  } finally {
    await store.close();
  }
}

export async function throughputRetained(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  try {
    const { agents } = await bed.admin.ok<{ agents: Array<{ id: string; name: string }> }>(
      'GET',
      '/api/agents',
    );
    const agentId = agents[0]?.id;
    if (agentId === undefined) throw new Error('the bench agent is not listed');
    const plain = await viaViewer(bed, { name: 'tput-plain' });
    const stopSampling = lagSampler(bed);
    const kept = await viaViewer(bed, { name: 'tput-kept', labels: { 'bosun.retain': 'true' } });
    // The burst and the "ready" line before it (seq 0).
    const lines = kept.lines + 1;
    // Caught up: every line the viewer got handed to the store and nothing left in its queue
    // (lines the agent dropped on a slow link reach neither: the store keeps the same gap).
    await waitFor(
      async () => {
        const text = await scrape(bed);
        return (
          (metricSample(text, 'bosun_log_store_lines_stored_total') ?? 0) >= lines - kept.gapLines &&
          metricSample(text, 'bosun_log_store_queue_entries') === 0
        );
      },
      { timeoutMs: CATCH_UP_TIMEOUT_MS, intervalMs: 20, what: 'the log store to hold every line' },
    );
    const caughtUpMs = Math.max(0, nowMs() - kept.lastLineAt);
    const lag = await stopSampling();
    const refused = metricSample(await scrape(bed), 'bosun_log_store_appends_refused_total') ?? 0;
    await bed.manager.stop();
    const stored = await storedAgainstViewer(bed.manager.dataDir, agentId, kept.containerId);
    const ratio = (run: typeof plain) => Number((run.linesPerSecond / run.bareLinesPerSecond).toFixed(3));
    const measures: Measure[] = [
      paceOfBare('WebSocket viewer, retention on', kept),
      paceOfBare('WebSocket viewer, retention off', plain),
      {
        name: "viewer's ratio to the bare client, off minus on",
        unit: 'ratio',
        value: Number((ratio(plain) - ratio(kept)).toFixed(3)),
        target: { op: '<=', value: 0.05 },
      },
      { name: 'store lag: most lines queued (sampled)', unit: 'lines', value: lag.maxQueued },
      { name: 'store lag: oldest queued batch, p95 of samples', unit: 'ms', value: lag.p95OldestMs },
      { name: 'store lag: oldest queued batch, most', unit: 'ms', value: lag.maxOldestMs },
      { name: "store catch-up after the viewer's last line", unit: 'ms', value: caughtUpMs },
      { name: 'lines the store holds', unit: 'lines', value: stored.lines, baseline: lines },
      {
        name: "stored lines not the viewer's at that position",
        unit: 'lines',
        value:
          stored.wrong +
          Math.abs(lines - stored.lines - stored.gapLines) +
          Math.abs(stored.gapLines - kept.gapLines),
        target: { op: '<=', value: 0 },
      },
      {
        name: 'viewer, retention on: lines missing or repeated',
        unit: 'lines',
        value: kept.missing + kept.duplicates,
        target: { op: '<=', value: 0 },
      },
      {
        name: 'viewer, retention on: lines the agent dropped (gap markers, the store has the same)',
        unit: 'lines',
        value: kept.gapLines,
      },
      { name: 'store appends refused', unit: 'batches', value: refused },
      {
        name: 'manager CPU per million lines, retention on',
        unit: 'CPU-s',
        value: kept.cpuSecondsPerMillionLines.manager,
      },
      {
        name: 'manager CPU per million lines, retention off',
        unit: 'CPU-s',
        value: plain.cpuSecondsPerMillionLines.manager,
      },
      { name: 'manager peak RSS', unit: 'MiB', value: kept.managerPeakRssMiB },
    ];
    return { measures, raw: { plain, kept, lag, stored, caughtUpMs, refused } };
  } finally {
    await bed.close();
  }
}
