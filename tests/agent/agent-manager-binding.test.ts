import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFromEnv, ScriptedManager, startTestAgent, waitFor } from '../kit/index.ts';

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe("the agent's credential is bound to the manager it enrolled with", () => {
  it('an impostor at the manager URL never receives the credential, and its unauthorized does not stop the agent', async () => {
    const real = await ScriptedManager.start();
    const agent = await startTestAgent({ managerUrl: real.url, engine, joinToken: real.createJoinToken() });
    cleanups.push(() => agent.stop());
    await real.waitForAgent();
    // The manager counts the agent as joined once it sent the welcome; the agent writes the file then.
    const stored = await waitFor(
      () =>
        readFile(join(agent.stateDir, 'credential.json'), 'utf8').then(
          (text) => JSON.parse(text) as { credential: string; managerKey?: string },
          () => undefined,
        ),
      { timeoutMs: 10_000, what: 'the credential file' },
    );
    expect(stored.managerKey).toBe(await real.key.publicKey());

    // The manager goes; something else answers at its URL with a key of its own.
    const port = real.port;
    const credentials = new Map(real.credentials);
    const key = real.key;
    await real.close();
    const impostor = await ScriptedManager.start({ port });
    cleanups.push(() => impostor.close());
    await waitFor(() => impostor.proofsAsked.length >= 2, {
      timeoutMs: 15_000,
      what: 'the agent to dial the impostor',
    });
    expect(impostor.hellos).toEqual([]);
    expect(
      agent.logs.some(
        (r) =>
          r.level === 'error' &&
          r.msg.includes(`not sending the credential to ws://127.0.0.1:${port}/ws/agent`) &&
          r.msg.includes(stored.managerKey!),
      ),
    ).toBe(true);

    // An impostor that cannot sign answers unauthorized: the agent keeps dialling.
    impostor.refuseProofs = { code: 'unauthorized', message: 'credential rejected' };
    const asked = impostor.proofsAsked.length;
    await waitFor(() => impostor.proofsAsked.length >= asked + 2, {
      timeoutMs: 15_000,
      what: 'the agent to keep dialling after an unauthorized',
    });
    expect(impostor.hellos).toEqual([]);
    expect(agent.fatal).toEqual([]);
    expect(JSON.stringify(agent.logs)).not.toContain(stored.credential);

    // The real manager comes back on the same URL and key: the agent presents its credential there.
    await impostor.close();
    const back = await ScriptedManager.start({ port, credentials, key });
    cleanups.push(() => back.close());
    await back.waitForAgent();
    expect(back.hellos.at(-1)?.auth).toEqual({ credential: stored.credential });
  });

  it('a manager that proved its key and refuses the credential stops the agent for good', async () => {
    const manager = await ScriptedManager.start();
    cleanups.push(() => manager.close());
    const agent = await startTestAgent({
      managerUrl: manager.url,
      engine,
      joinToken: manager.createJoinToken(),
    });
    cleanups.push(() => agent.stop());
    await manager.waitForAgent();
    manager.revokeAll();
    manager.dropAgent();
    await waitFor(() => agent.fatal.length === 1, { timeoutMs: 15_000, what: 'the agent to stop' });
    expect(agent.fatal[0]?.code).toBe('unauthorized');
  });

  it('binds a credential stored before managers proved a key on first use, and says so', async () => {
    const manager = await ScriptedManager.start();
    cleanups.push(() => manager.close());
    const first = await startTestAgent({
      managerUrl: manager.url,
      engine,
      joinToken: manager.createJoinToken(),
    });
    await manager.waitForAgent();
    const file = join(first.stateDir, 'credential.json');
    const written = await waitFor(
      () =>
        readFile(file, 'utf8').then(
          (text) => JSON.parse(text) as Record<string, unknown>,
          () => undefined,
        ),
      { timeoutMs: 10_000, what: 'the credential file' },
    );
    const { managerKey: _, ...older } = written;
    const stateDir = first.stateDir;
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    await first.agent.stop();
    await new Promise<void>((resolve) => first.agent.onStopped(resolve));
    await writeFile(file, JSON.stringify(older));

    const again = await startTestAgent({ managerUrl: manager.url, engine, stateDir });
    cleanups.push(() => again.stop());
    await waitFor(() => manager.hellos.length === 2 && manager.connected, {
      timeoutMs: 15_000,
      what: 'the agent back',
    });
    expect(
      again.logs.some((r) => r.msg === "bound the stored credential to the manager's key on first use"),
    ).toBe(true);
    const bound = JSON.parse(await readFile(file, 'utf8')) as { managerKey?: string };
    expect(bound.managerKey).toBe(await manager.key.publicKey());
  });
});
