import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerSummary } from '@bosun/hub/testing';
import { BOSUN_VERSION, type Frame, type LogLine, PROTOCOL_VERSION } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, launchBrowser, logIn, waitVisible } from '../kit/browser.ts';
import { runBosun, ScriptedAgent, waitFor } from '../kit/index.ts';
import {
  ADMIN_PASSWORD,
  ApiClient,
  openLogsSocket,
  startTestManager,
  type TestManager,
  type ViewerSocket,
} from '../kit/test-manager.ts';
import { assertWebBuilt, WEB_DIST } from '../kit/web-bed.ts';

// The manager one protocol version ahead of a host not upgraded yet: an agent speaking the
// previous protocol joins, is listed with its containers, takes a control request, streams logs
// to a viewer, and is flagged as one to upgrade in the API, `bosun hosts` and the UI.

const OLD_PROTOCOL = PROTOCOL_VERSION - 1;
const HOST = 'old-host';
const web = containerSummary('web');
const worker = containerSummary('worker');

let bed: TestManager;
let admin: ApiClient;
let agent: ScriptedAgent;
let configDir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  assertWebBuilt();
  bed = await startTestManager({ webDir: WEB_DIST });
  cleanups.push(() => bed.cleanup());
  admin = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
  const { token } = await admin.ok<{ token: string }>('POST', '/api/join-tokens', { name: HOST });
  agent = await ScriptedAgent.join({
    managerUrl: bed.url,
    joinToken: token,
    name: HOST,
    protocol: OLD_PROTOCOL,
    agentVersion: '0.1.0',
    containers: [{ ...web }, { ...worker }],
  });
  cleanups.push(() => agent.close());
  await admin.waitForAgentOnline(HOST);
  await admin.waitForContainer({ name: 'web', agentName: HOST });
  await admin.waitForContainer({ name: 'worker', agentName: HOST });
  configDir = await mkdtemp(join(tmpdir(), 'bosun-wire-compat-'));
  cleanups.push(() => rm(configDir, { recursive: true, force: true }));
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function listedAgent(): Promise<Record<string, unknown> | undefined> {
  const { agents } = await admin.ok<{ agents: Array<Record<string, unknown>> }>('GET', '/api/agents');
  return agents.find((a) => a.name === HOST);
}

async function stateOf(name: string): Promise<string | undefined> {
  const { containers } = await admin.ok<{ containers: Array<{ name: string; state: string }> }>(
    'GET',
    '/api/containers',
  );
  return containers.find((c) => c.name === name)?.state;
}

/** The texts of the lines a viewer received, history and live, in order. */
function linesOf(frames: readonly Frame[]): string[] {
  return frames
    .filter((frame) => frame.subject === 'logs.history' || frame.subject === 'logs.batch')
    .flatMap((frame) => (frame.data as { entries: LogLine[] }).entries)
    .map((entry) => entry.text);
}

describe(`an agent of protocol ${OLD_PROTOCOL} against a manager of protocol ${PROTOCOL_VERSION}`, () => {
  it('is welcomed, told which protocol the manager speaks, and listed as outdated', async () => {
    expect(agent.welcome).toMatchObject({ name: HOST, protocol: PROTOCOL_VERSION });
    expect(await listedAgent()).toMatchObject({
      online: true,
      protocol: OLD_PROTOCOL,
      agentVersion: '0.1.0',
      outdated: true,
    });
  });

  it('is listed with its containers, as it answered container.list', async () => {
    const { containers } = await admin.ok<{ containers: Array<{ id: string; agentName: string }> }>(
      'GET',
      '/api/containers',
    );
    expect(containers.filter((c) => c.agentName === HOST).map((c) => c.id)).toEqual(
      expect.arrayContaining([web.id, worker.id]),
    );
    expect(agent.requests.some((r) => r.subject === 'container.list')).toBe(true);
  });

  it('takes control requests, and their answers reach the caller and the fleet view', async () => {
    const stopped = await admin.ok('POST', `/api/agents/${HOST}/containers/web/stop`);
    expect(stopped).toEqual({ id: web.id, state: 'exited' });
    expect(await stateOf('web')).toBe('exited');
    const started = await admin.ok('POST', `/api/agents/${HOST}/containers/web/start`);
    expect(started).toEqual({ id: web.id, state: 'running' });
    expect(await stateOf('web')).toBe('running');
    const control = agent.requests.filter((r) => r.subject.startsWith('container.st'));
    expect(control).toEqual([
      { subject: 'container.stop', data: { id: web.id } },
      { subject: 'container.start', data: { id: web.id } },
    ]);
  });

  it('streams stored and live lines to a viewer', async () => {
    agent.write(worker.id, ['stored one', 'stored two']);
    const opened = await openLogsSocket(bed.url, admin.headersForSocket());
    if (!('socket' in opened)) throw new Error(`the log socket was refused: ${opened.status}`);
    const viewer: ViewerSocket = opened.socket;
    cleanups.push(async () => viewer.close());
    const answer = await viewer.request('logs.subscribe', { sub: 's1', agent: HOST, container: 'worker' });
    expect(answer).toMatchObject({ ok: true, result: { container: worker.id } });
    // The topic starts with this subscription: the stored lines follow its (empty) history live.
    await waitFor(() => linesOf(viewer.frames).length === 2, { timeoutMs: 10_000, what: 'the stored lines' });
    agent.write(worker.id, ['live three']);
    await waitFor(() => linesOf(viewer.frames).length === 3, { timeoutMs: 10_000, what: 'the live line' });
    expect(linesOf(viewer.frames)).toEqual(['stored one', 'stored two', 'live three']);
    expect(viewer.errors()).toEqual([]);
  });

  it('is flagged outdated by bosun hosts, in the table and as JSON', async () => {
    const { token } = await admin.ok<{ token: string }>('POST', '/api/api-tokens', { name: 'hosts' });
    const env = { BOSUN_MANAGER: bed.url, BOSUN_TOKEN: token, BOSUN_CONFIG: join(configDir, 'cli.json') };
    const table = await runBosun(['hosts'], env);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.toString().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE\s+LAST SEEN\s+CONTAINERS\s+AGENT\s+DOCKER\s+CPUS\s+MEMORY\s+OS$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^old-host\s+outdated\s+now\s+2\/2\s+0\.1\.0\s/)]);

    const json = await runBosun(['hosts', '--format', 'json'], env);
    expect(json.code).toBe(0);
    const rows = json.stdout
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([
      expect.objectContaining({
        name: HOST,
        state: 'outdated',
        protocol: OLD_PROTOCOL,
        agentVersion: '0.1.0',
        outdated: true,
      }),
    ]);
  });

  it('is flagged on its host card in the UI', async () => {
    const browser: BrowserSession = await launchBrowser();
    cleanups.push(() => browser.close());
    await logIn(browser.page, bed.url, 'admin', ADMIN_PASSWORD);
    const card = browser.page.getByRole('article', { name: HOST, exact: true });
    const note = card.getByRole('note', { name: 'Outdated agent' });
    await waitVisible(note, 'the outdated notice');
    expect(await note.textContent()).toBe(
      `Outdated agent 0.1.0, manager ${BOSUN_VERSION} (protocol ${OLD_PROTOCOL}, manager’s ${PROTOCOL_VERSION}): ` +
        'update the agent (see Run in production › Upgrade in bosun’s README).',
    );
    expect(await card.locator('dd').allTextContents()).toContain('0.1.0');
    browser.assertLoopbackOnly();
  });
});
