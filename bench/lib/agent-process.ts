import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `bosun agent` as its own process, so its CPU and memory can be measured alone. */
export function spawnAgent(options: {
  managerUrl: string;
  joinToken: string;
  dockerHost: string;
}): ChildProcess {
  const stateDir = mkdtempSync(join(tmpdir(), 'bosun-bench-agent-'));
  return spawn(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/bosun.ts'),
      'agent',
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
}
