import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBosun, waitFor } from '../../tests/kit/index.ts';
import { bareFollow } from '../lib/bare-follow.ts';
import { reap, stopChild } from '../lib/child-exit.ts';
import { nowMs } from '../lib/docker-time.ts';
import { burstCommand, go } from '../lib/line-scripts.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { AGENT_NAME, type StreamBed, startStreamBed } from '../lib/stream-bed.ts';

// One container printing ~100-byte lines as fast as sed can; how many lines per second reach one
// WebSocket viewer (agent → manager → /ws/logs) and `bosun logs -f`, against a bare Docker API
// client following the same container at the same time, and what the agent and the manager
// spend per million lines. BOSUN_BENCH_THROUGHPUT_LINES changes the line count.

const LINES = Number(process.env.BOSUN_BENCH_THROUGHPUT_LINES ?? 300_000);
const STALL_MS = 10_000;
const MiB = 2 ** 20;

type Cpu = { agent: number; manager: number; client: number };

function cpuOf(bed: StreamBed, clientCpuSeconds: number): Cpu {
  return {
    agent: cpuSeconds(bed.agent.pid!),
    manager: cpuSeconds(bed.manager.pid),
    client: clientCpuSeconds,
  };
}

function perMillion(before: Cpu, after: Cpu, lines: number): Cpu {
  const f = (k: keyof Cpu) => Number((((after[k] - before[k]) / lines) * 1e6).toFixed(2));
  return { agent: f('agent'), manager: f('manager'), client: f('client') };
}

const rate = (lines: number, ms: number) => (ms > 0 ? Math.round(lines / (ms / 1000)) : Number.NaN);

/**
 * A follower's rate against the bare Docker client's in the same run, judged as a ratio: bosun
 * must keep at least 90% of the bare client's pace.
 */
export function paceOfBare(
  name: string,
  run: { linesPerSecond: number; bareLinesPerSecond: number },
): Measure {
  return {
    name,
    unit: 'lines/s',
    value: run.linesPerSecond,
    baseline: run.bareLinesPerSecond,
    target: { op: '>=', value: 0.9, of: 'ratio' },
  };
}

/** What `viaViewer` measured; `containerId` and the times let a caller look at the same lines elsewhere. */
export type ViewerRun = Awaited<ReturnType<typeof viaViewer>>;

/**
 * One WebSocket viewer and a bare Docker client following a container of `lines` lines at once.
 * `labels` go on the container (`bosun.retain=true` puts it under retention).
 */
export async function viaViewer(
  bed: StreamBed,
  options: { name?: string; labels?: Record<string, string>; lines?: number } = {},
) {
  const lines = options.lines ?? LINES;
  const c = await bed.container(options.name ?? 'tput-ws', burstCommand(lines), options.labels);
  const fleet = bed.viewers(c.name, { viewers: 1, last: lines, stallMs: STALL_MS });
  const bare = await bareFollow(c.container, lines);
  try {
    await Promise.all([fleet.ready, bare.ready()]);
    const before = cpuOf(bed, fleet.cpuSeconds());
    const startedAt = nowMs();
    await go(c.container);
    const result = await fleet.result;
    const after = cpuOf(bed, fleet.cpuSeconds());
    const bareAt = await bare.done(300_000);
    const t = result.totals;
    return {
      lines,
      containerId: c.id,
      startedAt,
      lastLineAt: result.lastDoneAt || result.lastLineAt,
      linesPerSecond: rate(t.lines, (result.lastDoneAt || result.lastLineAt) - startedAt),
      bareLinesPerSecond: rate(lines, bareAt - startedAt),
      received: t.lines,
      gapLines: t.gapLines,
      gaps: t.gaps,
      missing: t.missing,
      duplicates: t.duplicates,
      cpuSecondsPerMillionLines: perMillion(before, after, lines),
      managerPeakRssMiB: Number((memory(bed.manager.pid).peakRss / MiB).toFixed(1)),
    };
  } finally {
    bare.stop();
    await fleet.stop();
  }
}

async function viaCli(bed: StreamBed) {
  const c = await bed.container('tput-cli', burstCommand(LINES));
  const configDir = mkdtempSync(join(tmpdir(), 'bosun-bench-cli-'));
  const cli = reap(
    // -v: it says on stderr when its live subscription is up.
    spawnBosun(['logs', '-f', '-v', `${AGENT_NAME}/${c.name}`], {
      BOSUN_MANAGER: bed.manager.url,
      BOSUN_TOKEN: bed.token,
      BOSUN_CONFIG: join(configDir, 'cli.json'),
    }),
  );
  let printed = 0;
  let lastAt = 0;
  let doneAt = 0;
  cli.stdout!.on('data', (chunk: Buffer) => {
    const at = nowMs();
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) printed++;
    lastAt = at;
    // Line 0 is "ready".
    if (doneAt === 0 && printed >= LINES + 1) doneAt = at;
  });
  let stderr = '';
  let live = false;
  cli.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-2000);
    live ||= stderr.includes('following the live stream');
  });
  const bare = await bareFollow(c.container, LINES);
  try {
    // "ready" comes from the stored-logs read; the live subscription follows it.
    await Promise.all([
      waitFor(() => printed >= 1 && live, {
        timeoutMs: 30_000,
        what: 'bosun logs -f to print "ready" and follow the live stream',
        detail: () => `its stderr: ${stderr}`,
      }),
      bare.ready(),
    ]);
    const before = cpuOf(bed, cpuSeconds(cli.pid!));
    const startedAt = nowMs();
    await go(c.container);
    let progress = -1;
    let progressAt = performance.now();
    await waitFor(
      () => {
        if (printed !== progress) [progress, progressAt] = [printed, performance.now()];
        return doneAt > 0 || performance.now() - progressAt > STALL_MS;
      },
      { timeoutMs: 600_000, intervalMs: 20, what: 'bosun logs -f to print every line' },
    );
    const after = cpuOf(bed, cpuSeconds(cli.pid!));
    const bareAt = await bare.done(300_000);
    const received = Math.min(printed - 1, LINES);
    return {
      linesPerSecond: rate(received, (doneAt || lastAt) - startedAt),
      bareLinesPerSecond: rate(LINES, bareAt - startedAt),
      received,
      cpuSecondsPerMillionLines: perMillion(before, after, LINES),
    };
  } finally {
    bare.stop();
    await stopChild(cli);
    rmSync(configDir, { recursive: true, force: true });
  }
}

export async function throughput(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  try {
    const ws = await viaViewer(bed);
    const cli = await viaCli(bed);
    const measures: Measure[] = [
      paceOfBare('WebSocket viewer', ws),
      { name: 'WebSocket viewer: lines lost (gap markers)', unit: 'lines', value: ws.gapLines },
      { name: 'WebSocket viewer: lines missing without a gap', unit: 'lines', value: ws.missing },
      paceOfBare('bosun logs -f', cli),
      { name: 'bosun logs -f: lines not printed', unit: 'lines', value: LINES - cli.received },
      { name: 'agent CPU per million lines', unit: 'CPU-s', value: ws.cpuSecondsPerMillionLines.agent },
      {
        name: 'manager CPU per million lines (1 viewer)',
        unit: 'CPU-s',
        value: ws.cpuSecondsPerMillionLines.manager,
      },
      {
        name: 'manager CPU per million lines (CLI)',
        unit: 'CPU-s',
        value: cli.cpuSecondsPerMillionLines.manager,
      },
      {
        name: 'viewer process CPU per million lines',
        unit: 'CPU-s',
        value: ws.cpuSecondsPerMillionLines.client,
      },
      {
        name: 'bosun logs -f CPU per million lines',
        unit: 'CPU-s',
        value: cli.cpuSecondsPerMillionLines.client,
      },
      { name: 'manager peak RSS', unit: 'MiB', value: ws.managerPeakRssMiB },
    ];
    return { measures, raw: { lines: LINES, viewer: ws, cli } };
  } finally {
    await bed.close();
  }
}
