import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localAgent } from '@bosun/cli';
import type { ReadLogsEntries } from '@bosun/hub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  makeTestCertificates,
  runBosun,
  runContainer,
  startTestAgent,
  type TestCertificates,
  waitFor,
} from '../kit/index.ts';
import { ADMIN_PASSWORD, startTestManager, type TestManager } from '../kit/test-manager.ts';

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];
let certs: TestCertificates;

beforeAll(async () => {
  certs = await makeTestCertificates();
});

afterAll(async () => {
  await certs.cleanup();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tlsManager(options: Parameters<typeof startTestManager>[0] = {}): Promise<TestManager> {
  const manager = await startTestManager({
    tls: { certFile: certs.certFile, keyFile: certs.keyFile },
    ...options,
  });
  cleanups.push(() => manager.cleanup());
  return manager;
}

async function onlineAgent(manager: TestManager, name: string) {
  return waitFor(
    async () => (await manager.manager.hub.listAgents()).find((a) => a.name === name && a.online),
    { timeoutMs: 20_000, what: `${name} online` },
  );
}

/** One https request trusting the test CA: status, headers and body. */
function httpsCall(
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        ca: certs.caPem,
        headers: { origin: target.origin, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('TLS on the manager', () => {
  it('serves https; an agent trusting the CA joins over wss and its logs come through', async () => {
    const manager = await tlsManager();
    expect(manager.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { token } = await manager.manager.hub.createJoinToken({ createdBy: 'test', name: 'tls-agent' });
    const agent = await startTestAgent({
      managerUrl: manager.url,
      engine,
      joinToken: token,
      config: { tls: { ca: certs.caPem } },
    });
    cleanups.push(() => agent.stop());
    const online = await onlineAgent(manager, 'tls-agent');

    const c = await runContainer(engine, { cmd: ['sh', '-c', 'echo over tls; exec sleep 3600'] });
    const lines: string[] = [];
    await waitFor(
      async () => {
        const read = await manager.manager.hub.readLogs(
          online.id,
          c.id,
          { tail: 'all' },
          (entries: ReadLogsEntries) => {
            for (const e of entries) if (e.kind === 'line') lines.push(e.text);
          },
        );
        await read.done;
        return lines.includes('over tls');
      },
      { timeoutMs: 15_000, what: 'the line read over wss' },
    );
    expect(agent.fatal).toEqual([]);
  });

  it('is refused by TLS to an agent that does not trust the CA, which sends nothing', async () => {
    const manager = await tlsManager();
    for (const ca of [undefined, certs.otherCaPem]) {
      const { token } = await manager.manager.hub.createJoinToken({ createdBy: 'test' });
      const agent = await startTestAgent({
        managerUrl: manager.url,
        engine,
        joinToken: token,
        ...(ca ? { config: { tls: { ca } } } : {}),
      });
      cleanups.push(() => agent.stop());
      await waitFor(
        () =>
          agent.logs.filter((r) => r.msg === 'link error' && /certificate/i.test(String(r.fields?.err)))
            .length >= 2,
        { timeoutMs: 15_000, what: 'the agent to be refused by TLS, twice' },
      );
      expect(agent.fatal).toEqual([]);
      await agent.stop();
    }
    expect(await manager.manager.hub.listAgents()).toEqual([]);
  });

  it('answers with HSTS and sets the session cookie Secure over https', async () => {
    const manager = await tlsManager();
    const health = await httpsCall(`${manager.url}/healthz`, 'GET');
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const login = await httpsCall(`${manager.url}/api/login`, 'POST', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(login.status).toBe(200);
    const cookie = [login.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('bosun_session='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
  });

  it('lets bosun log in and list hosts over https once NODE_EXTRA_CA_CERTS names the CA, and says so before', async () => {
    const manager = await tlsManager();
    const configDir = await mkdtemp(join(tmpdir(), 'bosun-tls-cli-'));
    cleanups.push(() => rm(configDir, { recursive: true, force: true }));
    const env = {
      BOSUN_CONFIG: join(configDir, 'cli.json'),
      BOSUN_MANAGER: manager.url,
      BOSUN_TOKEN: '',
      BOSUN_PASSWORD: ADMIN_PASSWORD,
      NODE_EXTRA_CA_CERTS: '',
    };
    const untrusted = await runBosun(['login'], env);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/not signed by a CA this machine trusts.*NODE_EXTRA_CA_CERTS/);
    const trusted = { ...env, NODE_EXTRA_CA_CERTS: certs.caFile };
    const login = await runBosun(['login'], trusted);
    expect(login.stderr).toMatch(/^Logged in to https:/);
    const hosts = await runBosun(['hosts', '--format', 'json'], trusted);
    expect({ code: hosts.code, stderr: hosts.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it("runs the local agent over wss, trusting exactly the manager's own certificate", async () => {
    const manager = await tlsManager({
      companion: localAgent({ dockerHost: engine.dockerHost, name: 'local' }),
    });
    await onlineAgent(manager, 'local');
  });

  it("refuses to start with a key that is not the certificate's", async () => {
    await expect(
      startTestManager({
        tls: { certFile: certs.certFile, keyFile: `${certs.caFile.replace(/ca\.pem$/, 'ca.key')}` },
      }),
    ).rejects.toThrow(/--tls-cert .* and --tls-key .* cannot be used together/);
  });
});
