import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  finished,
  runContainer,
  ScriptedManager,
  spawnAgentBundle,
  spawnBosun,
  waitFor,
} from '../kit/index.ts';

// The agent as a person runs it: a process with flags and BOSUN_* variables, both as `bosun agent`
// from a checkout and as the single-file `bosun-agent.mjs` that hosts run.

const engine = engineFromEnv();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'bosun-agent-cli-'));
}

type Program = {
  name: string;
  spawn(args: readonly string[], env?: Record<string, string>): ChildProcess;
};
const PROGRAMS: Program[] = [
  { name: 'bosun agent', spawn: (args, env) => spawnBosun(['agent', ...args], env) },
  { name: 'bosun-agent.mjs', spawn: (args, env) => spawnAgentBundle(args, env) },
];

describe.each(PROGRAMS)('$name', (program) => {
  const runAgent = (args: readonly string[], env: Record<string, string> = {}) =>
    finished(program.spawn(args, env));

  it('joins with a token from the environment and stops cleanly on SIGTERM', async () => {
    const manager = await ScriptedManager.start();
    closers.push(() => manager.close());
    const child = program.spawn(
      ['--manager', manager.url, '--state-dir', await stateDir(), '--name', 'cli-host'],
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

  it("lists containers and streams a container's logs", async () => {
    const manager = await ScriptedManager.start();
    closers.push(() => manager.close());
    const child = program.spawn(['--manager', manager.url, '--state-dir', await stateDir()], {
      BOSUN_JOIN_TOKEN: manager.createJoinToken(),
      BOSUN_DOCKER_HOST: engine.dockerHost,
    });
    const done = finished(child);
    closers.push(async () => {
      child.kill('SIGTERM');
      await done;
    });
    const c = await runContainer(engine, { name: 'agent-program', cmd: ['sh', '-c', 'seq 1 5; sleep 600'] });
    closers.push(() => c.container.remove({ force: true }));
    await manager.waitForAgent();
    const { containers } = await manager.request('container.list', {});
    expect(containers.some((x) => x.id === c.id)).toBe(true);
    await manager.request('log.stream.start', { container: c.id, tail: 100 });
    await waitFor(() => manager.linesOf(c.id).length >= 5, { timeoutMs: 15_000, what: 'five lines' });
    expect(manager.linesOf(c.id).map((l) => l.text)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('exits 3 with a clear message when the manager refuses the join token', async () => {
    const manager = await ScriptedManager.start();
    closers.push(() => manager.close());
    const result = await runAgent(['--manager', manager.url, '--state-dir', await stateDir()], {
      BOSUN_JOIN_TOKEN: 'not-a-token-the-manager-made',
      BOSUN_DOCKER_HOST: engine.dockerHost,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/refused this agent: join token is invalid or used/);
  });

  it('exits 3 at once without a credential or a join token', async () => {
    const result = await runAgent(['--manager', 'http://127.0.0.1:9', '--state-dir', await stateDir()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no credential in .* and no join token/);
  });

  it('exits 2 on bad arguments, naming the problem', async () => {
    const noManager = await runAgent([], { BOSUN_MANAGER: '' });
    expect(noManager.code).toBe(2);
    expect(noManager.stderr).toMatch(/--manager \(or BOSUN_MANAGER\) is required/);
    const secretInUrl = await runAgent(['--manager', 'http://user:pass@127.0.0.1:9']);
    expect(secretInUrl.code).toBe(2);
    expect(secretInUrl.stderr).toMatch(/must not carry credentials/);
    const badToken = await runAgent(['--manager', 'http://127.0.0.1:9', '--join-token', 'x y']);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/join token is malformed/);
  });
});
