import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoPageErrors,
  type BrowserSession,
  launchBrowser,
  logIn,
  waitForText,
} from '../kit/browser.ts';
import { removeTestContainers } from '../kit/containers.ts';
import type { Engine } from '../kit/docker-engine.ts';
import { ensureFreshHostImage, type FreshHost, type HostRun, startFreshHost } from '../kit/fresh-host.ts';
import { engineFromEnv } from '../kit/test-engine.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';
import { waitFor } from '../kit/wait-for.ts';
import { assertWebBuilt, WEB_DIST } from '../kit/web-bed.ts';

// The native form of the join line, pasted on a fresh "host": a container with the local base's
// files (Node 24, busybox, dash, curl, useradd…), this engine's socket, the host's network (the
// manager listens on loopback) and a STUB systemctl (tests/kit/fresh-host), since no systemd runs
// on these machines. The script, the single-file agent and the unit are the real ones the manager
// serves; the stub runs the unit's ExecStart as its User with its groups, state folder and
// environment file, and starts enabled units when the host boots.

const HOST = 'bosun-fresh-host-1';
const AGENT_NAME = 'fresh-host';
const UNIT_FILE = '/etc/systemd/system/bosun-agent.service';
const ENV_FILE = '/etc/bosun/agent.env';

let engine: Engine;
let manager: TestManager;
let admin: ApiClient;
let browser: BrowserSession;
let page: Page;
let host: FreshHost;
let nativeLine = '';

type AgentRow = { id: string; name: string; online: boolean };

async function agents(): Promise<AgentRow[]> {
  return (await admin.ok<{ agents: AgentRow[] }>('GET', '/api/agents')).agents;
}

function hostCard(name: string): Locator {
  return page.getByRole('article', { name, exact: true });
}

function paste(line: string, env: Record<string, string> = {}): Promise<HostRun> {
  return host.sh(line, env);
}

function expectOk(run: HostRun): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
}

async function agentLog(): Promise<string> {
  return (await host.sh('tail -n 30 /var/log/bosun-stub/bosun-agent.log 2>&1')).stdout;
}

beforeAll(async () => {
  assertWebBuilt();
  engine = engineFromEnv();
  await removeTestContainers(engine);
  await ensureFreshHostImage(engine);
  manager = await startTestManager({ webDir: WEB_DIST });
  admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
  browser = await launchBrowser();
  page = browser.page;
  host = await startFreshHost(engine, HOST);
  await logIn(page, manager.url, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await host?.remove();
  await browser?.close();
  await manager?.cleanup();
  browser?.assertLoopbackOnly();
});

describe('the native join line on a fresh host', () => {
  it('Add host shows both lines, and the native one installs an agent that comes online in the UI', async () => {
    await page.getByRole('button', { name: 'Add host', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    await dialog.getByRole('textbox', { name: 'Host name' }).fill(AGENT_NAME);
    await dialog.getByRole('button', { name: 'Create join token', exact: true }).click();
    const native = page.getByLabel('Native join line', { exact: true });
    await native.waitFor({ timeout: 15_000 });
    nativeLine = await native.inputValue();
    const containerLine = await page.getByLabel('Container join line', { exact: true }).inputValue();
    expect(nativeLine).toMatch(
      /^curl -fsSL http:\/\/127\.0\.0\.1:\d+\/install\.sh \| BOSUN_JOIN_TOKEN=\S+ sh$/,
    );
    expect(containerLine).toContain(' --network host ');
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();

    const run = await paste(nativeLine);
    expectOk(run);
    expect(run.stdout).toContain('creating the system user bosun');
    expect(run.stdout).toContain('the agent has joined; removing the spent join token');

    await waitForText(hostCard(AGENT_NAME), /\bOnline\b/, {
      what: `${AGENT_NAME} to show Online`,
      timeoutMs: 30_000,
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe agent's output on the host:\n${await agentLog()}`);
    });
    // It serves the engine: the host container itself is among the containers it lists.
    const [agent] = (await agents()).filter((row) => row.name === AGENT_NAME);
    await admin.waitForContainer({ name: HOST, agentName: AGENT_NAME });
    expect(agent?.online).toBe(true);

    const installed = await host.sh(
      `cat ${UNIT_FILE}; echo ---; stat -c '%a %U:%G' ${ENV_FILE}; cat ${ENV_FILE}; echo ---; stat -c '%U %a' /var/lib/bosun/agent; id bosun`,
    );
    const [unit, envFile, state] = installed.stdout.split('---\n');
    expect(unit).toBe(
      readFileSync(new URL('../../deploy/systemd/bosun-agent.service', import.meta.url), 'utf8'),
    );
    expect(envFile).toMatch(/^640 root:bosun\n/);
    expect(envFile).toContain(`BOSUN_MANAGER=${manager.url}\n`);
    expect(envFile).not.toContain('BOSUN_JOIN_TOKEN');
    expect(state).toMatch(/^bosun 700\n/);
    expect(state).toMatch(/groups=.*\(docker\)/);
    assertNoPageErrors(browser);
  });

  it('is back online after the host restarts, as the same agent, without a token', async () => {
    const before = (await agents()).find((row) => row.name === AGENT_NAME)!;
    await host.restart();
    // `docker restart` returns once the host is up again; its agent's old connection died with it.
    await waitForText(hostCard(AGENT_NAME), /\bOnline\b/, {
      what: `${AGENT_NAME} to show Online again after the restart`,
      timeoutMs: 60_000,
    });
    const after = (await agents()).filter((row) => row.name === AGENT_NAME);
    expect(after).toEqual([expect.objectContaining({ id: before.id, online: true })]);
    expect((await host.sh(`cat ${ENV_FILE}`)).stdout).not.toContain('BOSUN_JOIN_TOKEN');
  });

  it('pasting the same line again upgrades in place: same agent, the spent token unused', async () => {
    const before = (await agents()).find((row) => row.name === AGENT_NAME)!;
    const run = await paste(nativeLine);
    expectOk(run);
    expect(run.stdout).toContain('has joined already');
    expect(run.stdout).toContain('restarting bosun-agent');
    await waitFor(async () => (await agents()).find((row) => row.id === before.id)?.online === true, {
      timeoutMs: 30_000,
      what: `${AGENT_NAME} online after the second paste`,
    });
    expect((await agents()).filter((row) => row.name === AGENT_NAME)).toHaveLength(1);
  });

  it('--uninstall stops the agent and removes its unit, file and env file, keeping its credential', async () => {
    const url = nativeLine.split(' ')[2];
    const run = await host.sh(`curl -fsSL ${url} | sh -s -- --uninstall`);
    expectOk(run);
    await waitForText(hostCard(AGENT_NAME), /\bOffline\b/, { what: `${AGENT_NAME} to show Offline` });
    const left = await host.sh(
      `ls ${UNIT_FILE} /usr/local/lib/bosun/bosun-agent.mjs ${ENV_FILE} 2>&1; ls /var/lib/bosun/agent; systemctl is-active bosun-agent`,
    );
    expect(left.stdout).toMatch(/bosun-agent\.service: No such file/);
    expect(left.stdout).toMatch(/bosun-agent\.mjs: No such file/);
    expect(left.stdout).toMatch(/agent\.env: No such file/);
    expect(left.stdout).toContain('credential.json');
    expect(left.stdout).toMatch(/inactive\n$/);
  });

  it('refuses a Node older than 20.6, naming the container form', async () => {
    await host.sh(
      "mkdir -p /opt/old-node && printf '#!/bin/sh\\necho v18.19.0\\n' > /opt/old-node/node && chmod +x /opt/old-node/node",
    );
    const run = await host.sh(`PATH=/opt/old-node:$PATH; export PATH; ${nativeLine}`);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("this host's Node.js is 18.19.0");
    expect(run.stderr).toContain('container form');
    expect((await host.sh(`ls ${UNIT_FILE}`)).code).not.toBe(0);
  });

  it('refuses a host where systemd does not run, naming the container form', async () => {
    await host.sh('rmdir /run/systemd/system');
    const run = await paste(nativeLine);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('systemd is not running on this host');
    expect(run.stderr).toContain('container form');
  });
});
