import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../tests/kit/index.ts';
import { ApiClient } from '../../tests/kit/test-manager.ts';
import type { BudgetViewersResult, BudgetViewersSpec } from '../lib/budget-viewers.ts';
import { exited, reap } from '../lib/child-exit.ts';
import { LatencyHistogram } from '../lib/histogram.ts';
import { provisionJoinTokens } from '../lib/join-tokens.ts';
import { containerIdsOf, type LogAgentsSpec, type LogAgentsStats } from '../lib/log-agents.ts';
import { BENCH_ADMIN_PASSWORD, type ManagerProcess, spawnManager } from '../lib/manager-process.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';

// One `bosun manager` with its default memory budget (512 MiB for the whole process, of which
// the hub counts log traffic against its share), 200 live streams from 20
// simulated agents (lib/log-agents.ts), 1,000 viewer sockets that subscribe to 5 streams each and
// then never read (lib/budget-viewers.ts pauses them, so TCP backs up into the manager), and 20
// active viewers of one stream each measuring latency. Reported: the manager's RSS (peak until
// the end of the measurement, and while the viewers leave) against the budget, the active viewers' latency against the latency scenario's target
// (p99 <= 25 ms) with nothing lost or repeated, and the budget's own figures from /metrics.
//
// The load, 100 lines/s of ~200 bytes per stream (20,000 lines/s) and 5 subscriptions per stalled
// viewer, is what fills the stalled sockets in time: loopback TCP takes about 1 MB per paused
// socket before the manager holds anything, and the manager's keepalive drops a socket that has
// not answered a ping for 30 to 60 s, so each stalled socket must take ~100 KB/s to be full
// (parked at its allowance) within the 15 s warm-up and still be open at the end of the
// measurement. At 10-20 lines/s per stream the sockets filled only after the keepalive had
// dropped them. No Docker here, so no bare-client baseline.
// BOSUN_BENCH_STALLED_SECONDS changes the measured window (default 30; past ~35 s the keepalive
// starts closing the stalled sockets), BOSUN_BENCH_STALLED_VIEWERS the stalled viewers.

const AGENTS = 20;
const CONTAINERS_PER_AGENT = 10;
const STALLED = Number(process.env.BOSUN_BENCH_STALLED_VIEWERS ?? 1000);
const SUBSCRIPTIONS_PER_STALLED = 5;
const LINES_PER_STREAM = 100;
const TEXT_BYTES = 200;
const STALLED_TAIL = 0;
const ACTIVE = 20;
const USERS = 4;
const BUDGET_MiB = 512;
const WARMUP_S = Number(process.env.BOSUN_BENCH_STALLED_WARMUP_SECONDS ?? 15);
const MEASURE_S = Number(process.env.BOSUN_BENCH_STALLED_SECONDS ?? 30);
const MiB = 2 ** 20;
const VIEWERS_SCRIPT = fileURLToPath(new URL('../lib/budget-viewers.ts', import.meta.url));
const AGENTS_SCRIPT = fileURLToPath(new URL('../lib/log-agents.ts', import.meta.url));

function child(script: string, args: string[] = []): ChildProcess {
  const forked = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  reap(forked);
  return forked;
}

function nextMessage<T>(proc: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${type} from a load process in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: { type: string } & Record<string, unknown>) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve(m as T);
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`a load process exited (${code}) before its ${type}`)));
  });
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  if (proc.connected) proc.send({ type: 'stop' });
  else proc.kill('SIGTERM');
  await exited(proc);
  clearTimeout(timer);
}

async function apiToken(client: ApiClient, name: string): Promise<string> {
  return (await client.ok<{ token: string }>('POST', '/api/api-tokens', { name })).token;
}

const mib = (bytes: number) => Number((bytes / MiB).toFixed(1));
const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The budget's figures from `/metrics`: bytes used by kind, and what was shed by step. */
type BudgetFigures = { used: Record<string, number>; shed: Record<string, number> };

async function budgetFigures(url: string): Promise<BudgetFigures> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const figures: BudgetFigures = { used: {}, shed: {} };
  for (const line of (await res.text()).split('\n')) {
    const used = /^bosun_memory_used_bytes\{kind="(\w+)"\} (\d+)/.exec(line);
    if (used) figures.used[used[1]!] = Number(used[2]);
    const shed = /^bosun_memory_shed_total\{step="(\w+)"\} (\d+)/.exec(line);
    if (shed) figures.shed[shed[1]!] = Number(shed[2]);
  }
  return figures;
}

const usedOf = (figures: BudgetFigures) => Object.values(figures.used).reduce((a, b) => a + b, 0);

export async function stalledViewers(): Promise<ScenarioRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-bench-stalled-'));
  let manager: ManagerProcess | undefined;
  let agents: ChildProcess | undefined;
  let viewers: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const joinTokens = await provisionJoinTokens(dataDir, AGENTS);
    // 1,020 sockets: past the default 1,000, and over five users, each under its quarter.
    manager = await spawnManager({
      dataDir,
      args: ['--max-log-sockets', '1100', '--metrics-token', METRICS_TOKEN],
    });
    const pid = manager.pid;
    const admin = await ApiClient.login(manager.url, 'admin', BENCH_ADMIN_PASSWORD);
    const stalledTokens: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const { client } = await admin.newUser(`stalled-${i}`, 'viewer');
      stalledTokens.push(await apiToken(client, 'bench'));
    }
    const activeToken = await apiToken(admin, 'bench-active');

    agents = child(AGENTS_SCRIPT);
    const spec: LogAgentsSpec = {
      url: manager.url,
      joinTokens,
      containersPerAgent: CONTAINERS_PER_AGENT,
      linesPerSecond: LINES_PER_STREAM,
      textBytes: TEXT_BYTES,
    };
    agents.send({ type: 'start', spec });
    const agentStats = async () => {
      agents!.send({ type: 'stats' });
      return (await nextMessage<{ stats: LogAgentsStats }>(agents!, 'stats', 5000)).stats;
    };
    await waitFor(async () => (await agentStats()).online === AGENTS, {
      timeoutMs: 30_000,
      what: `${AGENTS} log agents online`,
    });
    await delay(1000);
    const idleRss = memory(pid).rss;

    let peakRss = idleRss;
    let peakUsed = 0;
    let tick = 0;
    sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memory(pid).rss);
      // The budget's own count, once a second: a walk of every socket in the manager.
      if (tick++ % 10 === 0) {
        budgetFigures(manager!.url).then(
          (figures) => {
            peakUsed = Math.max(peakUsed, usedOf(figures));
          },
          () => {},
        );
      }
    }, 100);
    const streams = Array.from({ length: AGENTS }, (_, a) =>
      containerIdsOf(a, CONTAINERS_PER_AGENT).map((container) => ({ agent: `sim-${a}`, container })),
    ).flat();
    const viewerSpec: BudgetViewersSpec = {
      url: manager.url,
      stalledTokens,
      activeToken,
      streams,
      stalled: STALLED,
      subscriptionsPerStalled: SUBSCRIPTIONS_PER_STALLED,
      stalledTail: STALLED_TAIL,
      active: ACTIVE,
    };
    viewers = child(VIEWERS_SCRIPT, [JSON.stringify(viewerSpec)]);
    await nextMessage(viewers, 'ready', 120_000);
    await delay(WARMUP_S * 1000);
    const atStart = await budgetFigures(manager.url);
    const cpu0 = cpuSeconds(pid);
    const lines0 = (await agentStats()).linesSent;
    viewers.send({ type: 'measure' });
    await delay(MEASURE_S * 1000);
    // The end of the measurement, before the viewers leave (their sockets close with the result).
    const managerCores = (cpuSeconds(pid) - cpu0) / MEASURE_S;
    const linesPerSecond = ((await agentStats()).linesSent - lines0) / MEASURE_S;
    const endRss = memory(pid).rss;
    const budget = await budgetFigures(manager.url);
    peakRss = Math.max(peakRss, endRss);
    const measuredPeakRss = peakRss;
    const measuredPeakUsed = Math.max(peakUsed, usedOf(budget));
    viewers.send({ type: 'result' });
    const { result } = await nextMessage<{ result: BudgetViewersResult }>(viewers, 'result', 30_000);
    // A thousand sockets closing at once, still sampled.
    await delay(3000);
    const leavingPeakRss = Math.max(peakRss, memory(pid).rss);
    const latency = LatencyHistogram.fromSparse(result.latency).summary();
    const rssTarget = BUDGET_MiB;

    const measures: Measure[] = [
      {
        name: 'manager peak RSS until the end of the measurement (target: the 512 MiB memory budget)',
        unit: 'MiB',
        value: mib(measuredPeakRss),
        target: { op: '<=', value: rssTarget },
      },
      {
        name: 'manager RSS at the end of the measurement',
        unit: 'MiB',
        value: mib(endRss),
        target: { op: '<=', value: rssTarget },
      },
      {
        name: 'manager peak RSS while the viewers leave (3 s)',
        unit: 'MiB',
        value: mib(leavingPeakRss),
        target: { op: '<=', value: rssTarget },
      },
      {
        name: 'stalled sockets closed before the end of the measurement',
        unit: 'sockets',
        value: result.stalledClosed,
      },
      { name: 'active viewers: write → viewer p50', unit: 'ms', value: latency.p50 },
      {
        name: 'active viewers: write → viewer p99',
        unit: 'ms',
        value: latency.p99,
        target: { op: '<=', value: 25 },
      },
      {
        name: 'active viewers: lines missing without a gap',
        unit: 'lines',
        value: result.activeMissing,
        target: { op: '<=', value: 0 },
      },
      { name: 'active viewers: lines lost (gap markers)', unit: 'lines', value: result.activeGapLines },
      {
        name: 'active viewers: lines repeated',
        unit: 'lines',
        value: result.activeDuplicates,
        target: { op: '<=', value: 0 },
      },
      {
        name: 'active viewers: sockets closed by the manager',
        unit: 'sockets',
        value: result.activeClosed,
        target: { op: '<=', value: 0 },
      },
      { name: 'active streams: lines/s from the agents', unit: 'lines/s', value: Math.round(linesPerSecond) },
      { name: 'manager CPU', unit: 'cores', value: Number(managerCores.toFixed(2)) },
      {
        name: 'budget: peak bytes counted until the end of the measurement (sampled every second)',
        unit: 'MiB',
        value: mib(measuredPeakUsed),
      },
      {
        name: 'budget: viewer sockets’ unsent bytes when the measurement starts',
        unit: 'MiB',
        value: mib(atStart.used.sockets ?? 0),
      },
      { name: 'budget: bytes counted at the end', unit: 'MiB', value: mib(usedOf(budget)) },
      { name: 'budget: stalled sockets closed (shed)', unit: 'sockets', value: budget.shed.sockets ?? 0 },
      { name: 'budget: viewer queues dropped (shed)', unit: 'queues', value: budget.shed.queues ?? 0 },
      { name: 'budget: rings trimmed (shed)', unit: 'rings', value: budget.shed.rings ?? 0 },
    ];
    return {
      measures,
      raw: {
        agents: AGENTS,
        streams: streams.length,
        stalled: STALLED,
        subscriptionsPerStalled: SUBSCRIPTIONS_PER_STALLED,
        activeViewers: ACTIVE,
        budgetMiB: BUDGET_MiB,
        warmupS: WARMUP_S,
        measureS: MEASURE_S,
        idleRssMiB: mib(idleRss),
        peakRssMiB: mib(measuredPeakRss),
        leavingPeakRssMiB: mib(leavingPeakRss),
        endRssMiB: mib(endRss),
        linesPerSecond: Math.round(linesPerSecond),
        latency,
        active: {
          lines: result.activeLines,
          gapLines: result.activeGapLines,
          missing: result.activeMissing,
          duplicates: result.activeDuplicates,
        },
        refusedSubscriptions: result.refused,
        stalledClosed: result.stalledClosed,
        budgetUsedBytesByKind: budget.used,
        budgetShed: budget.shed,
        viewerLoadCpuSeconds: result.cpuSeconds,
      },
    };
  } finally {
    clearInterval(sampler);
    await stop(viewers);
    await stop(agents);
    await manager?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
