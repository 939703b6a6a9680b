import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { DockerFrameDemuxer } from '../../packages/agent/src/logs/docker-frame-demuxer.ts';
import {
  ensureFixtureImage,
  primaryEngine,
  removeTestContainers,
  runContainer,
  ScriptedManager,
  waitFor,
} from '../../tests/kit/index.ts';
import { spawnAgent } from '../lib/agent-process.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { ScenarioRun } from '../lib/report.ts';

export type AgentFollowResult = {
  lines: number;
  agent: {
    linesPerSecond: number;
    cpuSecondsPerMillionLines: number;
    peakRssMiB: number;
    idleRssMiB: number;
  };
  bareDockerClient: { linesPerSecond: number };
};

const LINE_SUFFIX =
  ' lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt';

/**
 * One container printing ~100-byte lines as fast as it can; the agent (its
 * own process) follows it and ships to a loopback manager stand-in, while a
 * bare Docker API client follows the same container in the same run.
 */
export async function agentFollow(lines = 500_000): Promise<AgentFollowResult> {
  const engine = await primaryEngine();
  await ensureFixtureImage(engine);
  const manager = await ScriptedManager.start();
  const child = spawnAgent({
    managerUrl: manager.url,
    joinToken: manager.createJoinToken(),
    dockerHost: engine.dockerHost,
  });
  try {
    await manager.waitForAgent(30_000);
    const pid = child.pid!;
    // Idle footprint: connected, no streams. Settle briefly so start-up garbage is collected.
    await delay(2000);
    const idle = memory(pid);

    const c = await runContainer(engine, {
      name: 'bench-follow',
      cmd: ['sh', '-c', `seq 1 ${lines} | sed 's/$/${LINE_SUFFIX}/'`],
      start: false,
    });
    await manager.request('log.stream.start', { container: c.id, tail: 0 });

    const cpuBefore = cpuSeconds(pid);
    const startedAt = performance.now();
    await c.container.start();
    // The bare client: follow=1 on the same container, counting newlines. Opened once the
    // container runs (a follow of a container that never started ends at once); it still
    // reads from the first line.
    const bare = (await c.container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
    })) as unknown as IncomingMessage;
    let bareLines = 0;
    let bareDoneAt = 0;
    // Docker sends one frame per line here (all lines are far below its 16 KiB split).
    const demuxer = new DockerFrameDemuxer({
      onFrame: () => {
        bareLines++;
        if (bareLines >= lines && bareDoneAt === 0) bareDoneAt = performance.now();
      },
      onError: (error) => {
        throw error;
      },
    });
    bare.on('data', (chunk: Buffer) => demuxer.push(chunk));

    await waitFor(() => manager.linesOf(c.id).length >= lines, {
      timeoutMs: 300_000,
      intervalMs: 50,
      what: `${lines} lines through the agent`,
    });
    const agentDoneAt = performance.now();
    const cpu = cpuSeconds(pid) - cpuBefore;
    const peak = memory(pid).peakRss;
    await waitFor(() => bareDoneAt > 0, { timeoutMs: 300_000, what: 'the bare client to finish' });
    bare.destroy();
    return {
      lines,
      agent: {
        linesPerSecond: Math.round(lines / ((agentDoneAt - startedAt) / 1000)),
        cpuSecondsPerMillionLines: Number(((cpu / lines) * 1e6).toFixed(2)),
        peakRssMiB: Number((peak / 2 ** 20).toFixed(1)),
        idleRssMiB: Number((idle.rss / 2 ** 20).toFixed(1)),
      },
      bareDockerClient: { linesPerSecond: Math.round(lines / ((bareDoneAt - startedAt) / 1000)) },
    };
  } finally {
    child.kill('SIGTERM');
    await manager.close();
    await removeTestContainers(engine);
    await engine.stop();
  }
}

/** One run of agentFollow in the shared report shape (bench/lib/report.ts). */
export async function agentFollowRun(): Promise<ScenarioRun> {
  const r = await agentFollow();
  return {
    measures: [
      {
        name: 'lines/s through the agent',
        unit: 'lines/s',
        value: r.agent.linesPerSecond,
        baseline: r.bareDockerClient.linesPerSecond,
      },
      { name: 'agent CPU per million lines', unit: 'CPU-s', value: r.agent.cpuSecondsPerMillionLines },
      { name: 'agent peak RSS while following', unit: 'MiB', value: r.agent.peakRssMiB },
    ],
    raw: r,
  };
}
