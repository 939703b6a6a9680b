import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '../../tests/kit/index.ts';
import { ApiClient } from '../../tests/kit/test-manager.ts';
import { provisionJoinTokens } from '../lib/join-tokens.ts';
import { BENCH_ADMIN_PASSWORD, type ManagerProcess, spawnManager } from '../lib/manager-process.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { type SimFleet, startSimFleet } from '../lib/sim-fleet.ts';

// 1,000 simulated agents (bench/lib/sim-agents.ts, a process of their own) with 20 containers
// each, connected to one `bosun manager` process: the manager's memory, how long
// GET /api/containers takes for all 20,000 containers, and how long until every agent is back
// (and its containers listed again) after the manager is stopped and started on the same data.
// There is no Docker here, so no bare-client baseline. BOSUN_BENCH_SCALE_AGENTS changes the count.
//
// Join tokens are written into the store before the manager starts (lib/join-tokens.ts).

const AGENTS = Number(process.env.BOSUN_BENCH_SCALE_AGENTS ?? 1000);
const CONTAINERS_PER_AGENT = 20;
const MB = 1e6;

async function containerCount(api: ApiClient): Promise<number> {
  const { containers } = await api.ok<{ containers: unknown[] }>('GET', '/api/containers');
  return containers.length;
}

/** Until every agent is online with its list answered, then until the manager lists every container. */
async function allBack(api: ApiClient, sim: SimFleet, listsBefore: number, what: string) {
  const t0 = performance.now();
  await waitFor(
    async () => {
      const s = await sim.stats();
      return s.online === AGENTS && s.lists >= listsBefore + AGENTS;
    },
    { timeoutMs: 180_000, intervalMs: 100, what: `${AGENTS} agents ${what}`, detail: () => 'see sim stats' },
  );
  const online = performance.now() - t0;
  await waitFor(async () => (await containerCount(api)) >= AGENTS * CONTAINERS_PER_AGENT, {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: `the manager to list ${AGENTS * CONTAINERS_PER_AGENT} containers`,
  });
  return { onlineMs: online, listedMs: performance.now() - t0 };
}

async function timeList(api: ApiClient): Promise<{ medianMs: number; bytes: number; count: number }> {
  const times: number[] = [];
  let bytes = 0;
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const response = await api.fetch('GET', '/api/containers');
    const text = await response.text();
    times.push(performance.now() - t0);
    bytes = text.length;
    count = (JSON.parse(text) as { containers: unknown[] }).containers.length;
  }
  times.sort((a, b) => a - b);
  return { medianMs: Number(times[2]!.toFixed(1)), bytes, count };
}

const mb = (bytes: number) => Number((bytes / MB).toFixed(1));
const s = (ms: number) => Number((ms / 1000).toFixed(2));

export async function scale(): Promise<ScenarioRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-bench-scale-'));
  let manager: ManagerProcess | undefined;
  let sim: SimFleet | undefined;
  try {
    const tokens = await provisionJoinTokens(dataDir, AGENTS);
    manager = await spawnManager({ dataDir });
    // A bearer token rather than a session: logins are rate-limited, and the token outlives the restart.
    const admin = await ApiClient.login(manager.url, 'admin', BENCH_ADMIN_PASSWORD);
    const { token } = await admin.ok<{ token: string }>('POST', '/api/api-tokens', { name: 'bench-scale' });
    const idleRss = memory(manager.pid).rss;
    const cpu0 = cpuSeconds(manager.pid);
    sim = startSimFleet({ url: manager.url, joinTokens: tokens, containersPerAgent: CONTAINERS_PER_AGENT });
    const joined = await allBack(ApiClient.bearer(manager.url, token), sim, 0, 'to join');
    const joinCpu = cpuSeconds(manager.pid) - cpu0;
    // Let start-up garbage go before reading the resident size.
    await delay(3000);
    const rss = memory(manager.pid);
    const list = await timeList(ApiClient.bearer(manager.url, token));
    const beforeRestart = await sim.stats();

    const killedAt = performance.now();
    await manager.stop();
    const port = manager.port;
    manager = await spawnManager({ dataDir, listen: `127.0.0.1:${port}` });
    const listeningMs = performance.now() - killedAt;
    const back = await allBack(
      ApiClient.bearer(manager.url, token),
      sim,
      beforeRestart.lists,
      'to come back after the restart',
    );
    await delay(3000);
    const rssAfter = memory(manager.pid).rss;
    const afterRestart = await sim.stats();

    const measures: Measure[] = [
      {
        name: `manager RSS, ${AGENTS} agents / ${AGENTS * CONTAINERS_PER_AGENT} containers`,
        unit: 'MB',
        value: mb(rss.rss),
        target: { op: '<=', value: 300 },
      },
      {
        name: 'manager RSS after the restart and reconnect',
        unit: 'MB',
        value: mb(rssAfter),
        target: { op: '<=', value: 300 },
      },
      { name: 'GET /api/containers (all)', unit: 'ms', value: list.medianMs },
      { name: 'all agents joined (first connect) and listed', unit: 's', value: s(joined.listedMs) },
      {
        name: 'restart: all agents back online, from SIGTERM',
        unit: 's',
        value: s(listeningMs + back.onlineMs),
      },
      {
        name: 'restart: all containers listed again, from SIGTERM',
        unit: 's',
        value: s(listeningMs + back.listedMs),
      },
    ];
    return {
      measures,
      raw: {
        agents: AGENTS,
        containersPerAgent: CONTAINERS_PER_AGENT,
        manager: {
          idleRssMB: mb(idleRss),
          rssMB: mb(rss.rss),
          peakRssMB: mb(rss.peakRss),
          rssAfterRestartMB: mb(rssAfter),
          joinCpuSeconds: Number(joinCpu.toFixed(2)),
        },
        join: { onlineS: s(joined.onlineMs), listedS: s(joined.listedMs) },
        list,
        restart: {
          stopAndListenS: s(listeningMs),
          onlineAfterListenS: s(back.onlineMs),
          listedAfterListenS: s(back.listedMs),
        },
        sim: { beforeRestart, afterRestart },
      },
    };
  } finally {
    await sim?.stop();
    await manager?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
