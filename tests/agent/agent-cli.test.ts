import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFromEnv, finished, runBosun, ScriptedManager, spawnBosun, waitFor } from '../kit/index.ts';

// `bosun agent` as a person runs it: a process with flags and BOSUN_* variables.

const engine = engineFromEnv();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'bosun-agent-cli-'));
}

describe('bosun agent', () => {
  it('joins with a token from the environment and stops cleanly on SIGTERM', async () => {
    const manager = await ScriptedManager.start();
    closers.push(() => manager.close());
    const child = spawnBosun(
      ['agent', '--manager', manager.url, '--state-dir', await stateDir(), '--name', 'cli-host'],
      {
        BOSUN_JOIN_TOKEN: manager.createJoinToken(),
        BOSUN_DOCKER_HOST: engine.dockerHost,
      },
    );
    const done = finished(child);
    await manager.waitForAgent();
    expect(manager.hellos[0]?.name).toBe('cli-host');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    await waitFor(() => !manager.connected, { timeoutMs: 5000, what: 'the link to close' });
  });

  it('exits 3 with a clear message when the manager refuses the join token', async () => {
    const manager = await ScriptedManager.start();
    closers.push(() => manager.close());
    const result = await runBosun(['agent', '--manager', manager.url, '--state-dir', await stateDir()], {
      BOSUN_JOIN_TOKEN: 'not-a-token-the-manager-made',
      BOSUN_DOCKER_HOST: engine.dockerHost,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/refused this agent: join token is invalid or used/);
  });

  it('exits 3 at once without a credential or a join token', async () => {
    const result = await runBosun([
      'agent',
      '--manager',
      'http://127.0.0.1:9',
      '--state-dir',
      await stateDir(),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no credential in .* and no join token/);
  });

  it('exits 2 on bad arguments, naming the problem', async () => {
    const noManager = await runBosun(['agent'], { BOSUN_MANAGER: '' });
    expect(noManager.code).toBe(2);
    expect(noManager.stderr).toMatch(/--manager \(or BOSUN_MANAGER\) is required/);
    const secretInUrl = await runBosun(['agent', '--manager', 'http://user:pass@127.0.0.1:9']);
    expect(secretInUrl.code).toBe(2);
    expect(secretInUrl.stderr).toMatch(/must not carry credentials/);
    const badToken = await runBosun(['agent', '--manager', 'http://127.0.0.1:9', '--join-token', 'x y']);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/join token is malformed/);
  });
});
