import {
  ensureFixtureImage,
  primaryEngine,
  runContainer,
  ScriptedManager,
  waitFor,
} from '../../tests/kit/index.ts';
import { spawnAgent } from '../lib/agent-process.ts';
import { bareFollow } from '../lib/bare-follow.ts';
import { stopChild } from '../lib/child-exit.ts';
import { nowMs } from '../lib/docker-time.ts';
import { burstCommand, go } from '../lib/line-scripts.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { ScenarioRun } from '../lib/report.ts';

const LINES = 500_000;

/**
 * One container printing ~100-byte lines as fast as it can; the agent (its own process) follows
 * it and ships to a loopback manager stand-in, while a bare Docker API client follows the same
 * container in the same run. The agent alone, without a manager's or viewer's share of the CPU.
 */
export async function agentFollow(): Promise<ScenarioRun> {
  const engine = await primaryEngine();
  await ensureFixtureImage(engine);
  const manager = await ScriptedManager.start();
  const child = spawnAgent({
    managerUrl: manager.url,
    joinToken: manager.createJoinToken(),
    dockerHost: engine.dockerHost,
  });
  const c = await runContainer(engine, { name: 'bench-follow', cmd: burstCommand(LINES), start: false });
  try {
    await manager.waitForAgent(30_000);
    const pid = child.pid!;
    // Asked before the container runs, so the agent follows it from its first line, "ready".
    await manager.request('log.stream.start', { container: c.id, tail: 0 });
    await c.container.start();
    const bare = await bareFollow(c.container, LINES);
    const agentLines = () => manager.linesOf(c.id).length;
    await waitFor(() => bare.lines >= 1 && agentLines() >= 1, {
      timeoutMs: 30_000,
      what: 'the agent and the bare client to see "ready"',
    });
    const cpuBefore = cpuSeconds(pid);
    const startedAt = nowMs();
    await go(c.container);
    await waitFor(() => agentLines() >= LINES + 1, {
      timeoutMs: 300_000,
      intervalMs: 50,
      what: `${LINES} lines through the agent`,
    });
    const agentDoneAt = nowMs();
    const cpu = cpuSeconds(pid) - cpuBefore;
    const peak = memory(pid).peakRss;
    await bare.done(300_000);
    bare.stop();
    const rate = (doneAt: number) => Math.round(LINES / ((doneAt - startedAt) / 1000));
    return {
      measures: [
        {
          name: 'lines/s through the agent',
          unit: 'lines/s',
          value: rate(agentDoneAt),
          baseline: rate(bare.doneAt),
        },
        {
          name: 'agent CPU per million lines',
          unit: 'CPU-s',
          value: Number(((cpu / LINES) * 1e6).toFixed(2)),
        },
        { name: 'agent peak RSS while following', unit: 'MiB', value: Number((peak / 2 ** 20).toFixed(1)) },
      ],
      raw: { lines: LINES },
    };
  } finally {
    await stopChild(child);
    await manager.close();
    await c.container.remove({ force: true, v: true }).catch(() => {
      // Already gone with its engine.
    });
    await engine.stop();
  }
}
