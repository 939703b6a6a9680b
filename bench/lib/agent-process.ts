import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuProfileFlags, reap } from './child-exit.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The two ways a host runs the agent: the single-file build, or `bosun agent` from a checkout. */
export type AgentProgram = 'bundle' | 'cli';

export const AGENT_BUNDLE = join(ROOT, 'packages/cli/dist/bosun-agent.mjs');

function programArgs(program: AgentProgram): string[] {
  if (program === 'cli') return [join(ROOT, 'packages/cli/bin/bosun.ts'), 'agent'];
  // `npm run bench` builds it first.
  if (!existsSync(AGENT_BUNDLE))
    throw new Error(`build the agent first: npm run build:agent (no ${AGENT_BUNDLE})`);
  return [AGENT_BUNDLE];
}

/**
 * Runs the agent as its own process, launched as a host runs it (by default the single-file
 * `bosun-agent.mjs`), so its CPU and memory can be measured alone. Its state folder is removed
 * when it exits. `nodeArgs` go before the script, for trying V8 flags without changing the
 * product. Set BOSUN_BENCH_CPU_PROF to a folder to get a CPU profile of it on exit.
 */
export function spawnAgent(options: {
  managerUrl: string;
  joinToken: string;
  dockerHost: string;
  program?: AgentProgram;
  nodeArgs?: readonly string[];
}): ChildProcess {
  const stateDir = mkdtempSync(join(tmpdir(), 'bosun-bench-agent-'));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...cpuProfileFlags(process.env.BOSUN_BENCH_CPU_PROF, 'agent'),
      ...programArgs(options.program ?? 'bundle'),
      '--manager',
      options.managerUrl,
      '--state-dir',
      stateDir,
    ],
    {
      env: {
        ...process.env,
        BOSUN_JOIN_TOKEN: options.joinToken,
        BOSUN_DOCKER_HOST: options.dockerHost,
        BOSUN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (child.pid === undefined) throw new Error('could not start the agent process');
  const removeState = () => rmSync(stateDir, { recursive: true, force: true });
  child.once('exit', removeState);
  return reap(child, removeState);
}
