import { localAgent } from '@bosun/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { engineFromEnv, startTestAgent, type TestAgent, waitFor } from '../kit/index.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager } from '../kit/test-manager.ts';

// A manager that stops and starts again on the same data folder and port: agents come back by
// themselves, logins still work, and the in-process local agent keeps its identity.

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function onlineAgents(admin: ApiClient): Promise<Array<{ id: string; name: string; online: boolean }>> {
  return (await admin.ok('GET', '/api/agents')).agents;
}

describe('manager restart', () => {
  it('the agent reconnects by itself, shows online again, and the admin password still works', async () => {
    const first = await startTestManager();
    cleanups.push(() => first.cleanup());
    let admin = await ApiClient.login(first.url, 'admin', ADMIN_PASSWORD);
    const { token } = await admin.ok('POST', '/api/join-tokens', {});
    const agent: TestAgent = await startTestAgent({
      managerUrl: first.url,
      engine,
      joinToken: token,
      name: 'survivor',
    });
    cleanups.push(() => agent.stop());
    await waitFor(async () => (await onlineAgents(admin)).some((a) => a.name === 'survivor' && a.online), {
      timeoutMs: 15_000,
      what: 'the agent to come online',
    });

    await first.close();
    const second = await startTestManager({
      dataDir: first.dataDir,
      listen: `127.0.0.1:${first.manager.address.port}`,
      // Ignored: the first start already created the admin.
      adminPassword: 'another password',
    });
    cleanups.push(() => second.close());
    expect(second.url).toBe(first.url);
    // Sessions live in the store, so a browser stays logged in across the restart.
    expect((await admin.call('GET', '/api/me')).status).toBe(200);
    admin = await ApiClient.login(second.url, 'admin', ADMIN_PASSWORD);
    const agents = await waitFor(
      async () => {
        const list = await onlineAgents(admin);
        return list.some((a) => a.name === 'survivor' && a.online) && list;
      },
      { timeoutMs: 15_000, what: 'the agent to reconnect to the restarted manager' },
    );
    expect(agents.filter((a) => a.name === 'survivor')).toHaveLength(1);
    expect(agent.fatal).toEqual([]);
    expect(
      (await admin.call('POST', '/api/login', { username: 'admin', password: 'another password' })).status,
    ).toBe(401);
  });

  it('the local agent joins on the first start and keeps its credential across restarts', async () => {
    const companion = localAgent({ dockerHost: engine.dockerHost, name: 'local' });
    const first = await startTestManager({ companion });
    cleanups.push(() => first.cleanup());
    let admin = await ApiClient.login(first.url, 'admin', ADMIN_PASSWORD);
    const online = async () => (await onlineAgents(admin)).find((a) => a.name === 'local' && a.online);
    const joined = await waitFor(online, { timeoutMs: 15_000, what: 'the local agent to come online' });

    await first.close();
    const second = await startTestManager({
      dataDir: first.dataDir,
      companion,
    });
    cleanups.push(() => second.close());
    admin = await ApiClient.login(second.url, 'admin', ADMIN_PASSWORD);
    const again = await waitFor(online, { timeoutMs: 15_000, what: 'the local agent to come back' });
    expect(again.id).toBe(joined.id);
    expect((await onlineAgents(admin)).filter((a) => a.name.startsWith('local'))).toHaveLength(1);
    // One join token was ever made for it.
    const { tokens } = await admin.ok('GET', '/api/join-tokens');
    expect(tokens).toHaveLength(1);
  });
});
