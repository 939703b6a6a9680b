import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ensureFixtureImage,
  primaryEngine,
  runContainer,
  ScriptedManager,
  waitFor,
} from '../../tests/kit/index.ts';
import { measureWindow, residentMiB, type Window } from '../lib/agent-footprint-window.ts';
import { type AgentProgram, spawnAgent } from '../lib/agent-process.ts';
import { stopChild } from '../lib/child-exit.ts';
import { memory } from '../lib/proc-stats.ts';
import type { ScenarioRun } from '../lib/report.ts';

/**
 * The agent's memory target on an idle host (connected, following nothing): 60 MB (10^6 bytes),
 * in MiB like the other footprint rows.
 */
const IDLE_RSS_TARGET_MIB = Number((60e6 / 2 ** 20).toFixed(1));
/** After connecting, start-up garbage is collected and the heap settles before measuring. */
const SETTLE_MS = 5000;
const WINDOW_SECONDS = 10;

export type AgentFootprintOptions = {
  containers?: number;
  linesPerSecond?: number;
  /** Node/V8 flags for the agent process, to try them without changing the product. */
  nodeArgs?: readonly string[];
};

/** Connects an agent to a manager stand-in and measures it idle, after start-up settled. */
async function idleAgent(
  manager: ScriptedManager,
  dockerHost: string,
  program: AgentProgram,
  nodeArgs: readonly string[] | undefined,
) {
  const agent = spawnAgent({
    managerUrl: manager.url,
    joinToken: manager.createJoinToken(),
    dockerHost,
    program,
    ...(nodeArgs ? { nodeArgs } : {}),
  });
  const pid = agent.pid!;
  try {
    await manager.waitForAgent(30_000);
    const atConnect = residentMiB(pid);
    await delay(SETTLE_MS);
    return { agent, pid, atConnect, idle: await measureWindow(pid, WINDOW_SECONDS) };
  } catch (error) {
    await stopChild(agent);
    throw error;
  }
}

/**
 * The agent's footprint as a host sees it: RSS and CPU of the agent process connected to a
 * manager stand-in. The single-file agent (what a host runs, `bosun-agent.mjs`) idle, then
 * following 20 containers that each print a steady ~100 lines/s of ~100 bytes; and, for
 * comparison, `bosun agent` run from a checkout (TypeScript stripped at start, every module
 * dockerode loads) idle.
 */
export async function agentFootprint(options: AgentFootprintOptions = {}): Promise<ScenarioRun> {
  const containers = options.containers ?? 20;
  const linesPerSecond = options.linesPerSecond ?? 100;
  const engine = await primaryEngine();
  await ensureFixtureImage(engine);
  const manager = await ScriptedManager.start();
  // Only this run's containers are removed afterwards: others may share the engine.
  const ids: string[] = [];
  let bundle: ChildProcess | undefined;
  try {
    // Its own manager stand-in, so the bundle below is known to have connected afresh.
    const cliManager = await ScriptedManager.start();
    const cli = await idleAgent(cliManager, engine.dockerHost, 'cli', options.nodeArgs);
    await stopChild(cli.agent);
    await cliManager.close();
    const measured = await idleAgent(manager, engine.dockerHost, 'bundle', options.nodeArgs);
    bundle = measured.agent;
    const pid = measured.pid;
    const { idle, atConnect } = measured;

    await Promise.all(
      Array.from({ length: containers }, async (_, i) => {
        const c = await runContainer(engine, { name: `footprint-${i}`, cmd: steadyCommand(linesPerSecond) });
        ids.push(c.id);
      }),
    );
    await Promise.all(ids.map((id) => manager.request('log.stream.start', { container: id, tail: 0 })));
    await waitFor(() => ids.every((id) => manager.linesOf(id).length > 0), {
      timeoutMs: 30_000,
      what: `lines from all ${containers} containers through the agent`,
    });
    await delay(3000);
    const linesBefore = countLines(manager, ids);
    const following = await measureWindow(pid, WINDOW_SECONDS);
    const shipped = countLines(manager, ids) - linesBefore;
    const peakRssMiB = round(memory(pid).peakRss / 2 ** 20);
    const floor = await nodeFloors(manager.url);

    const shippedPerSecond = shipped / following.seconds;
    return {
      measures: [
        {
          name: 'idle RSS (bosun-agent.mjs)',
          unit: 'MiB',
          value: idle.medianRssMiB,
          target: { op: '<=', value: IDLE_RSS_TARGET_MIB },
        },
        { name: 'idle CPU', unit: '% of a core', value: idle.cpuPercent },
        { name: 'idle RSS (bosun agent from a checkout)', unit: 'MiB', value: cli.idle.medianRssMiB },
        { name: 'idle RSS of a bare `node -e` with a timer', unit: 'MiB', value: floor.bare.rssMiB },
        {
          name: 'idle RSS of a bare Node with a `ws` client connected',
          unit: 'MiB',
          value: floor.withWebSocket.rssMiB,
        },
        { name: `RSS following ${containers} containers`, unit: 'MiB', value: following.medianRssMiB },
        { name: `CPU following ${containers} containers`, unit: '% of a core', value: following.cpuPercent },
        {
          name: `lines/s shipped following ${containers} containers`,
          unit: 'lines/s',
          value: round(shippedPerSecond),
        },
        {
          name: `CPU-s per million lines following ${containers} containers`,
          unit: 'CPU-s',
          value: shipped > 0 ? round((following.cpuSeconds / shipped) * 1e6) : Number.NaN,
        },
      ],
      raw: {
        containers,
        linesPerSecondEach: linesPerSecond,
        nodeArgs: options.nodeArgs ?? [],
        atConnect,
        idle: summary(idle),
        cliIdle: { atConnect: cli.atConnect, ...summary(cli.idle) },
        following: { ...summary(following), linesShipped: shipped },
        peakRssMiB,
        nodeFloors: floor,
      },
    };
  } finally {
    if (bundle) await stopChild(bundle);
    await manager.close();
    await Promise.all(ids.map((id) => engine.docker.getContainer(id).remove({ force: true, v: true })));
    await engine.stop();
  }
}

/**
 * Prints `perSecond` lines a second for as long as it runs, paced on the
 * shell's microsecond clock so the rate holds whatever each turn costs; it
 * wakes 20 times a second, so 20 of them leave the CPU to the agent.
 */
function steadyCommand(perSecond: number): string[] {
  const script = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    't0=${EPOCHREALTIME/./}; i=0',
    'while :; do',
    `  due=$(( (\${EPOCHREALTIME/./} - t0) * ${perSecond} / 1000000 ))`,
    '  while [ $i -lt $due ]; do i=$((i+1)); echo "$i lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"; done',
    '  usleep 50000',
    'done',
  ].join('\n');
  return ['sh', '-c', script];
}

function countLines(manager: ScriptedManager, ids: readonly string[]): number {
  return ids.reduce((sum, id) => sum + manager.linesOf(id).length, 0);
}

/**
 * What any Node 24 process costs on this machine, measured like the agent: `node -e` with a
 * timer, and the same with a `ws` WebSocket client connected to `url` (which loads what every
 * agent needs from Node itself: http, https, tls, crypto). The agent's own share is above that.
 */
async function nodeFloors(url: string) {
  const measure = async (script: string) => {
    // The repository's root, so `ws` resolves from its node_modules.
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: 'ignore',
      cwd: new URL('../../', import.meta.url).pathname,
    });
    try {
      await delay(3000);
      const r = residentMiB(child.pid!);
      return { rssMiB: r.rss, anonMiB: r.anon, fileMiB: r.file };
    } finally {
      child.kill('SIGKILL');
    }
  };
  return {
    bare: await measure('setInterval(() => {}, 1000)'),
    withWebSocket: await measure(
      `const { default: WebSocket } = await import('ws'); new WebSocket(${JSON.stringify(url)}).on('error', () => {}); setInterval(() => {}, 1000)`,
    ),
  };
}

function summary(w: Window) {
  return {
    seconds: w.seconds,
    cpuSeconds: w.cpuSeconds,
    cpuPercent: w.cpuPercent,
    medianRssMiB: w.medianRssMiB,
    maxRssMiB: w.maxRssMiB,
    last: w.samples.at(-1),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
