import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOSUN_VERSION, PROTOCOL_VERSION } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, saveScreenshot, waitVisible } from '../kit/browser.ts';
import {
  buildAgentBundleAs,
  engineFromEnv,
  finished,
  runBosun,
  spawnAgentBundle,
  type TestAgent,
} from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';
import { assertWebBuilt, WEB_DIST } from '../kit/web-bed.ts';

// A host not upgraded yet: the real single-file agent built as release 0.1.0 (same protocol as
// the manager, an older bosun) joins a manager of this build on a real engine, beside a current
// agent. The API, `bosun hosts`, `bosun status` and the UI flag the older one, and only it.

const OLD_VERSION = '0.1.0';
const OLD_HOST = 'old-build';
const NEW_HOST = 'new-build';
const engine = engineFromEnv();

let bed: TestManager;
let admin: ApiClient;
let workDir: string;
let cliEnv: Record<string, string>;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  assertWebBuilt();
  expect(BOSUN_VERSION).not.toBe(OLD_VERSION);
  workDir = await mkdtemp(join(tmpdir(), 'bosun-outdated-agent-'));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));
  const oldAgentFile = await buildAgentBundleAs(OLD_VERSION, workDir);

  bed = await startTestManager({ webDir: WEB_DIST });
  cleanups.push(() => bed.cleanup());
  admin = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);

  const { token } = await admin.ok<{ token: string }>('POST', '/api/join-tokens', { name: OLD_HOST });
  const child = spawnAgentBundle(
    ['--manager', bed.url, '--state-dir', join(workDir, 'old-agent-state'), '--name', OLD_HOST],
    { BOSUN_JOIN_TOKEN: token, BOSUN_DOCKER_HOST: engine.dockerHost },
    { file: oldAgentFile },
  );
  const exited = finished(child);
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  await admin.waitForAgentOnline(OLD_HOST);

  const current: TestAgent = await joinTestAgent(admin, { engine, name: NEW_HOST });
  cleanups.push(() => current.stop());

  const { token: apiToken } = await admin.ok<{ token: string }>('POST', '/api/api-tokens', { name: 'cli' });
  cliEnv = { BOSUN_MANAGER: bed.url, BOSUN_TOKEN: apiToken, BOSUN_CONFIG: join(workDir, 'cli.json') };
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function listed(name: string): Promise<Record<string, unknown> | undefined> {
  const { agents } = await admin.ok<{ agents: Array<Record<string, unknown>> }>('GET', '/api/agents');
  return agents.find((agent) => agent.name === name);
}

describe(`an agent built as ${OLD_VERSION} on a manager of ${BOSUN_VERSION}`, () => {
  it('is listed as outdated with its version, on the same protocol; the current agent is not', async () => {
    expect(await listed(OLD_HOST)).toMatchObject({
      online: true,
      protocol: PROTOCOL_VERSION,
      agentVersion: OLD_VERSION,
      outdated: true,
    });
    expect(await listed(NEW_HOST)).toMatchObject({
      online: true,
      agentVersion: BOSUN_VERSION,
      outdated: false,
    });
    const status = await admin.ok<{ agents: unknown }>('GET', '/api/status');
    expect(status.agents).toEqual({ online: 2, total: 2, outdated: 1 });
  });

  it('is outdated in bosun hosts and counted by bosun status', async () => {
    const hosts = await runBosun(['hosts'], cliEnv);
    expect(hosts.stderr).toBe('');
    expect(hosts.code).toBe(0);
    const rows = hosts.stdout.toString().trimEnd().split('\n').slice(1);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${OLD_HOST}\\s+outdated\\s+now\\s+\\S+\\s+0\\.1\\.0\\s`)),
        expect.stringMatching(
          new RegExp(`^${NEW_HOST}\\s+online\\s+now\\s+\\S+\\s+${BOSUN_VERSION.replaceAll('.', '\\.')}\\s`),
        ),
      ]),
    );
    expect(rows).toHaveLength(2);

    const status = await runBosun(['status'], cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout.toString()).toMatch(
      /^agents\s+2 online of 2 known, 1 outdated \(see bosun hosts\)$/m,
    );
  });

  it('is flagged on its host card with both versions, and the current host is not', async () => {
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    await logIn(browser.page, bed.url, 'admin', ADMIN_PASSWORD);
    const oldCard = browser.page.getByRole('article', { name: OLD_HOST, exact: true });
    const note = oldCard.getByRole('note', { name: 'Outdated agent' });
    await waitVisible(note, 'the outdated notice');
    expect(await note.textContent()).toBe(
      `Outdated agent ${OLD_VERSION}, manager ${BOSUN_VERSION}: update the agent ` +
        '(see Run in production › Upgrade in bosun’s README).',
    );
    const newCard = browser.page.getByRole('article', { name: NEW_HOST, exact: true });
    await waitVisible(newCard, 'the current host’s card');
    expect(await newCard.getByRole('note').count()).toBe(0);
    expect(await browser.page.getByText('2 of 2 online, 1 outdated').count()).toBe(1);
    await saveScreenshot(browser.page, 'outdated-agent');
    browser.assertLoopbackOnly();
  });
});
