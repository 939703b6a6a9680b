import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  runContainer,
  ScriptedManager,
  startTestAgent,
  type TestAgent,
  waitFor,
} from '../kit/index.ts';

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp(): Promise<{ manager: ScriptedManager; agent: TestAgent }> {
  const manager = await ScriptedManager.start();
  cleanups.push(() => manager.close());
  const agent = await startTestAgent({
    managerUrl: manager.url,
    engine,
    joinToken: manager.createJoinToken(),
  });
  cleanups.push(() => agent.stop());
  await manager.waitForAgent();
  return { manager, agent };
}

describe('agent link', () => {
  it('exchanges the join token for a credential kept in a 0600 file, and says who it is', async () => {
    const { manager, agent } = await setUp();
    const hello = manager.hellos[0]!;
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    expect('joinToken' in hello.auth).toBe(true);
    expect(hello.host.cpus).toBeGreaterThan(0);
    expect(hello.host.dockerVersion).toMatch(/^\d+\./);
    // The manager counts the agent as joined once it sent the welcome; the agent writes the file then.
    const file = join(agent.stateDir, 'credential.json');
    const stored = await waitFor(() => stat(file).catch(() => undefined), {
      timeoutMs: 10_000,
      what: 'the credential file',
    });
    expect(stored.mode & 0o777).toBe(0o600);
    manager.dropAgent();
    await waitFor(() => manager.hellos.length === 2 && manager.connected, {
      timeoutMs: 10_000,
      what: 'the agent to come back',
    });
    expect('credential' in manager.hellos[1]!.auth).toBe(true);
  });

  it('reconnects with growing, jittered backoff while the manager is away, then resumes its streams exactly', async () => {
    const { manager, agent } = await setUp();
    const c = await runContainer(engine, {
      cmd: ['sh', '-c', 'i=0; while [ $i -lt 1500 ]; do i=$((i+1)); echo "line $i"; sleep 0.002; done'],
    });
    await manager.request('log.stream.start', { container: c.id, tail: 100_000 });
    await waitFor(() => manager.linesOf(c.id).length >= 50, { timeoutMs: 20_000, what: 'first lines' });

    // The manager goes away entirely; the agent retries with growing delays.
    const port = manager.port;
    const credentials = new Map(manager.credentials);
    const key = manager.key;
    const kept = manager.entries.get(c.id) ?? [];
    const logsBefore = agent.logs.length;
    await manager.close();
    // The agent says how long it waits before each dial.
    const reconnectDelays = () =>
      agent.logs
        .slice(logsBefore)
        .filter((record) => record.msg === 'reconnecting')
        .map((record) => Number(record.fields?.inMs));
    await waitFor(() => reconnectDelays().length >= 4, {
      timeoutMs: 20_000,
      what: 'four reconnect attempts',
    });
    const delays = reconnectDelays();
    // initial 100 ms, doubling, capped at 1 s, each drawn from [ceiling/2, ceiling].
    const ceilings = [100, 200, 400, 800, 1000, 1000];
    delays.forEach((d, i) => {
      const ceiling = ceilings[Math.min(i, ceilings.length - 1)]!;
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    expect(
      new Set(delays.map((d, i) => d / ceilings[Math.min(i, ceilings.length - 1)]!)).size,
    ).toBeGreaterThan(1);

    // It comes back on the same port with its key, knowing the credential: the agent rejoins by itself.
    const back = await ScriptedManager.start({ port, credentials, key });
    cleanups.push(() => back.close());
    await back.waitForAgent(20_000);
    back.entries.set(c.id, [...kept]);
    const cursor = back.cursorOf(c.id)!;
    await back.request('log.stream.start', { container: c.id, resume: cursor });
    await c.container.wait();
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    await waitFor(
      () => entriesToStreams(back.entries.get(c.id) ?? []).stdout.length >= expected.stdout.length,
      {
        timeoutMs: 30_000,
        what: 'all lines after the resume',
      },
    );
    const got = entriesToStreams(back.entries.get(c.id) ?? []);
    expect(got.stdout.equals(expected.stdout)).toBe(true);
    const seqs = back.linesOf(c.id).map((l) => l.seq);
    expect(seqs).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  });

  it('stops for good, saying why, when the manager rejects its credential', async () => {
    const { manager, agent } = await setUp();
    manager.revokeAll();
    manager.dropAgent();
    await waitFor(() => agent.fatal.length === 1, { timeoutMs: 10_000, what: 'the agent to give up' });
    expect(agent.fatal[0]!.code).toBe('unauthorized');
    const connects = manager.connectTimes.length;
    // The link reports itself stopped: no timer is left to dial again.
    await new Promise<void>((resolve) => agent.agent.onStopped(resolve));
    expect(manager.connectTimes.length).toBe(connects);
  });

  it('keeps retrying while the manager speaks an older protocol, saying once to upgrade it; warns when a newer one welcomes it', async () => {
    const { manager, agent } = await setUp();
    // How a manager of protocol 1 refused: no details, its own words.
    manager.refuseHellos = {
      code: 'protocol_mismatch',
      message: `this manager speaks protocol 1, the agent ${PROTOCOL_VERSION}: upgrade the older side`,
    };
    const hellos = manager.hellos.length;
    manager.dropAgent();
    await waitFor(() => manager.hellos.length >= hellos + 3, {
      timeoutMs: 10_000,
      what: 'three refused attempts',
    });
    expect(agent.fatal).toEqual([]);
    expect(agent.logs.filter((line) => line.msg.includes('upgrade'))).toEqual([
      {
        level: 'error',
        msg: `manager speaks protocol 1, this agent ${PROTOCOL_VERSION}: upgrade the manager`,
        fields: { code: 'protocol_mismatch', retrying: true },
      },
    ]);

    // The manager is upgraded, past this agent even: it is back by itself, now the side to upgrade.
    manager.refuseHellos = undefined;
    manager.protocol = PROTOCOL_VERSION + 1;
    await waitFor(() => manager.connected, {
      timeoutMs: 10_000,
      what: 'the agent to be welcomed again',
    });
    expect(agent.fatal).toEqual([]);
    expect(agent.logs.filter((line) => line.msg.includes('upgrade the agent'))).toEqual([
      {
        level: 'warn',
        msg: `manager speaks protocol ${PROTOCOL_VERSION + 1}, this agent ${PROTOCOL_VERSION}: upgrade the agent`,
      },
    ]);
  });

  it('a join token works once', async () => {
    const manager = await ScriptedManager.start();
    cleanups.push(() => manager.close());
    const token = manager.createJoinToken();
    const first = await startTestAgent({ managerUrl: manager.url, engine, joinToken: token });
    cleanups.push(() => first.stop());
    await manager.waitForAgent();
    const second = await startTestAgent({ managerUrl: manager.url, engine, joinToken: token });
    cleanups.push(() => second.stop());
    await waitFor(() => second.fatal.length === 1, {
      timeoutMs: 10_000,
      what: 'the second agent to be refused',
    });
    expect(second.fatal[0]!.code).toBe('unauthorized');
  });

  it('answers bad frames with errors and keeps serving', async () => {
    const { manager } = await setUp();
    manager.sendRaw('this is not json');
    manager.sendRaw(JSON.stringify({ subject: 'container.list', data: {} })); // request without inbox
    await expect(manager.request('container.inspect', { id: '../../etc' } as never)).rejects.toMatchObject({
      code: 'invalid_data',
    });
    const { containers } = await manager.request('container.list', {});
    expect(Array.isArray(containers)).toBe(true);
    // The two pushes without an inbox were answered with `error` pushes naming the problem.
    expect(manager.errors).toEqual([
      expect.objectContaining({ code: 'bad_json' }),
      expect.objectContaining({ code: 'bad_frame' }),
    ]);
  });
});

describe('container control', () => {
  it('lists, inspects, stops, starts and restarts real containers, with typed errors', async () => {
    const { manager } = await setUp();
    const c = await runContainer(engine, {
      name: 'ctl',
      cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'],
    });
    const { containers } = await manager.request('container.list', {});
    expect(containers.find((x) => x.id === c.id)).toMatchObject({ name: c.name, state: 'running' });
    const { container } = await manager.request('container.inspect', { id: c.name });
    expect(container).toMatchObject({ id: c.id, state: 'running', restartCount: 0 });

    expect(await manager.request('container.stop', { id: c.id, timeoutSeconds: 5 })).toEqual({
      id: c.id,
      state: 'exited',
    });
    expect((await engine.docker.getContainer(c.id).inspect()).State.Running).toBe(false);
    expect(await manager.request('container.start', { id: c.id.slice(0, 12) })).toEqual({
      id: c.id,
      state: 'running',
    });
    expect(await manager.request('container.restart', { id: c.name, timeoutSeconds: 5 })).toEqual({
      id: c.id,
      state: 'running',
    });
    await expect(manager.request('container.stop', { id: 'bosun-no-such-container' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await waitFor(() => manager.events.filter((e) => e.id === c.id && e.action === 'start').length >= 2, {
      timeoutMs: 10_000,
      what: 'start events',
    });
    const die = manager.events.find((e) => e.id === c.id && e.action === 'die');
    expect(die).toMatchObject({ name: c.name, container: { id: c.id } });
  });

  it('a slow stop does not hold up other requests', async () => {
    const { manager } = await setUp();
    // A shell as PID 1 ignores SIGTERM: Docker waits the full grace period, then kills.
    const c = await runContainer(engine, { cmd: ['sh', '-c', 'while true; do sleep 0.1; done'] });
    const answered: string[] = [];
    const slow = manager.request('container.stop', { id: c.id, timeoutSeconds: 3 }).then((r) => {
      answered.push('stop');
      return r;
    });
    await manager.request('container.list', {});
    answered.push('list');
    expect((await slow).state).toBe('exited');
    expect(answered).toEqual(['list', 'stop']);
  });
});
