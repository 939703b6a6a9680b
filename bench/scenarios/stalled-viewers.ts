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

// One `bosun manager` with its default memory budget (256 MiB), 200 live streams from 20
// simulated agents (lib/log-agents.ts: 100 lines/s of ~200 bytes each, 20,000 lines/s in all),
// 1,000 viewer sockets that subscribe to 5 streams each and then never read (lib/budget-viewers.ts
// pauses them, so TCP backs up into the manager), and 20 active viewers of one stream each
// measuring latency. Without the budget the stalled viewers alone could hold 1,000 × (1 MiB of
// socket buffer + 5 × 8 MiB of queues). Reported: the manager's RSS (peak over the whole run, and
// at the end) against the budget plus its footprint before any stream, and the active viewers'
// latency (after a warm-up in which the stalled sockets fill) against the latency scenario's
// target. No Docker here, so no bare-client baseline.
// BOSUN_BENCH_STALLED_SECONDS changes the measured window (default 30).

const AGENTS = 20;
const CONTAINERS_PER_AGENT = 10;
const STALLED = Number(process.env.BOSUN_BENCH_STALLED_VIEWERS ?? 1000);
const SUBSCRIPTIONS_PER_STALLED = 5;
const ACTIVE = 20;
const USERS = 4;
const BUDGET_MiB = 256;
const WARMUP_S = Number(process.env.BOSUN_BENCH_STALLED_WARMUP_SECONDS ?? 20);
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

export async function stalledViewers(): Promise<ScenarioRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-bench-stalled-'));
  let manager: ManagerProcess | undefined;
  let agents: ChildProcess | undefined;
  let viewers: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const joinTokens = await provisionJoinTokens(dataDir, AGENTS);
    // 1,020 sockets: past the default 1,000, and over five users, each under its quarter.
    manager = await spawnManager({ dataDir, args: ['--max-log-sockets', '1100'] });
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
      linesPerSecond: 100,
      textBytes: 200,
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
    sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memory(pid).rss);
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
      active: ACTIVE,
    };
    viewers = child(VIEWERS_SCRIPT, [JSON.stringify(viewerSpec)]);
    await nextMessage(viewers, 'ready', 120_000);
    await delay(WARMUP_S * 1000);
    const cpu0 = cpuSeconds(pid);
    const lines0 = (await agentStats()).linesSent;
    viewers.send({ type: 'measure' });
    await delay(MEASURE_S * 1000);
    viewers.send({ type: 'result' });
    const { result } = await nextMessage<{ result: BudgetViewersResult }>(viewers, 'result', 30_000);
    const managerCores = (cpuSeconds(pid) - cpu0) / MEASURE_S;
    const linesPerSecond = ((await agentStats()).linesSent - lines0) / MEASURE_S;
    const endRss = memory(pid).rss;
    peakRss = Math.max(peakRss, endRss);
    const latency = LatencyHistogram.fromSparse(result.latency).summary();
    const rssTarget = mib(idleRss) + BUDGET_MiB;

    const measures: Measure[] = [
      {
        name: 'manager peak RSS (target: its footprint before the streams + the 256 MiB budget)',
        unit: 'MiB',
        value: mib(peakRss),
        target: { op: '<=', value: rssTarget },
      },
      {
        name: 'manager RSS at the end',
        unit: 'MiB',
        value: mib(endRss),
        target: { op: '<=', value: rssTarget },
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
      { name: 'manager CPU', unit: 'cores', value: Number(managerCores.toFixed(2)) },
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
        peakRssMiB: mib(peakRss),
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
