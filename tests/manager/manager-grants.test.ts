import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentListResponseSchema, containerListResponseSchema, userResponseSchema } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  type RunningContainer,
  runBosun,
  runContainer,
  type TestAgent,
  waitFor,
} from '../kit/index.ts';
import { joinTestAgent, type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, openViewer } from '../kit/test-manager.ts';

// Permissions per host, end to end: two agents on one engine (grant-a, grant-b), a user whose
// global role is none with a viewer grant on grant-a, made and granted with the `bosun users`
// commands. That user sees grant-a alone over the API, /api/events, the raw log socket and the
// CLI; grant-b answers exactly as a host that does not exist.

const engine = engineFromEnv();
const ANN_PASSWORD = 'ann password for tests';
let bed: ManagerWithAgent;
let hostB: TestAgent;
let idA: string;
let idB: string;
let box: RunningContainer;
let ann: ApiClient;
let dir: string;

/** `bosun` as the admin (`admin` config) or as ann (`ann` config). */
function bosun(as: 'admin' | 'ann', args: readonly string[], env: Record<string, string> = {}) {
  return runBosun(args, {
    BOSUN_CONFIG: join(dir, `${as}.json`),
    BOSUN_MANAGER: bed.url,
    BOSUN_TOKEN: '',
    BOSUN_USER: as,
    BOSUN_PASSWORD: as === 'admin' ? ADMIN_PASSWORD : ANN_PASSWORD,
    ...env,
  });
}

/** A CLI run's stdout as text, one JSON value per line when `--format json`. */
const stdoutOf = (result: { stdout: Buffer }) => result.stdout.toString('utf8');
const jsonLines = (result: { stdout: Buffer }): Array<Record<string, unknown>> =>
  stdoutOf(result)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** /api/events as `client` reads it: everything received so far, as text. */
async function eventText(client: ApiClient): Promise<{ text: () => string; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${bed.url}/api/events`, {
    headers: { cookie: client.cookie! },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  let text = '';
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
    }
  })().catch(() => {});
  return { text: () => text, close: () => controller.abort() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-grants-'));
  bed = await startManagerWithAgent(engine, 'grant-a');
  hostB = await joinTestAgent(bed.admin, { engine, name: 'grant-b' });
  const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
  idA = agents.find((a) => a.name === 'grant-a')!.id;
  idB = agents.find((a) => a.name === 'grant-b')!.id;
  box = await runContainer(engine, {
    name: 'granted',
    cmd: ['sh', '-c', 'echo hello from the box; exec sleep 1000'],
  });
  await bed.admin.waitForContainer({ id: box.id, agentName: 'grant-a' });
  await bed.admin.waitForContainer({ id: box.id, agentName: 'grant-b' });

  expect((await bosun('admin', ['login'])).code).toBe(0);
  const added = await bosun('admin', ['users', 'add', 'ann', '--role', 'none'], {
    BOSUN_NEW_PASSWORD: ANN_PASSWORD,
  });
  expect([added.code, stdoutOf(added)]).toEqual([0, 'Added ann (none).\n']);
  const granted = await bosun('admin', ['users', 'grant', 'ann', 'grant-a', '--role', 'viewer']);
  expect([granted.code, stdoutOf(granted)]).toEqual([0, 'ann is now viewer on grant-a.\n']);
  ann = await ApiClient.login(bed.url, 'ann', ANN_PASSWORD);
  expect((await bosun('ann', ['login'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await hostB?.stop();
  await bed?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a user granted one host', () => {
  it('is listed with its grant by bosun users list', async () => {
    const listed = await bosun('admin', ['users', 'list', '--format', 'json']);
    expect(listed.code).toBe(0);
    expect(jsonLines(listed).find((u) => u.username === 'ann')).toMatchObject({
      role: 'none',
      grants: [{ agentId: idA, agentName: 'grant-a', role: 'viewer' }],
    });
  });

  it('sees only that host over the API, and the other answers as an unknown one', async () => {
    const { agents } = await ann.okExactly(agentListResponseSchema, 'GET', '/api/agents');
    expect(agents.map((a) => a.name)).toEqual(['grant-a']);
    const { containers } = await ann.okExactly(containerListResponseSchema, 'GET', '/api/containers');
    expect(new Set(containers.map((c) => c.agentName))).toEqual(new Set(['grant-a']));
    expect(containers.map((c) => c.id)).toContain(box.id);
    const { user } = await ann.okExactly(userResponseSchema, 'GET', '/api/me');
    expect(user.grants).toEqual([{ agentId: idA, agentName: 'grant-a', role: 'viewer' }]);
    for (const ref of ['grant-b', idB]) {
      for (const path of [
        `/api/containers?agent=${ref}`,
        `/api/agents/${ref}/containers/${box.id}`,
        `/api/logs?agent=${ref}&container=${box.id}`,
      ]) {
        const hidden = await ann.call('GET', path);
        const unknown = await ann.call('GET', path.replace(ref, 'grant-zz'));
        expect(hidden.status, path).toBe(404);
        expect(JSON.stringify(hidden.body)).toBe(JSON.stringify(unknown.body).replace('grant-zz', ref));
      }
    }
    const action = await ann.call('POST', `/api/agents/grant-a/containers/${box.id}/restart`);
    expect(action.status).toBe(403);
    const logs = await ann.fetch('GET', `/api/logs?agent=grant-a&container=${box.id}`);
    expect(await logs.text()).toContain('hello from the box');
  });

  it('hears of that host only on /api/events', async () => {
    const mine = await eventText(ann);
    const all = await eventText(bed.admin);
    try {
      // Both agents report every container of the engine. Once the admin has heard grant-b of
      // the first, any later event reaches ann after whatever grant-b caused before it.
      const first = await runContainer(engine, { name: 'ev1', cmd: ['true'], start: false });
      await waitFor(() => all.text().includes(idB) && all.text().includes(first.id), {
        timeoutMs: 15_000,
        what: 'the admin to hear grant-b report a new container',
      });
      const second = await runContainer(engine, { name: 'ev2', cmd: ['true'], start: false });
      await waitFor(() => mine.text().includes(second.id), {
        timeoutMs: 15_000,
        what: 'ann to hear grant-a report a new container',
      });
      expect(mine.text()).toContain(idA);
      expect(mine.text()).toContain(first.id);
      expect(mine.text()).not.toContain(idB);
      expect(mine.text()).not.toContain('grant-b');
    } finally {
      mine.close();
      all.close();
    }
  });

  it('is refused the other host on the raw log socket by name and by id, exactly as an unknown one', async () => {
    const viewer = await openViewer(bed.url, ann.headersForSocket());
    try {
      for (const [sub, agent] of [
        ['by-name', 'grant-b'],
        ['by-id', idB],
        ['unknown', 'grant-zz'],
      ] as const) {
        const reply = await viewer.request('logs.subscribe', { sub, agent, container: box.id });
        expect(reply, agent).toMatchObject({
          ok: false,
          error: { code: 'not_found', message: `no agent "${agent}"` },
        });
      }
      const reply = await viewer.request('logs.subscribe', { sub: 'a', agent: 'grant-a', container: box.id });
      expect(reply).toMatchObject({ ok: true });
      await waitFor(() => JSON.stringify(viewer.frames).includes('hello from the box'), {
        timeoutMs: 15_000,
        what: "the box's line over the socket",
      });
    } finally {
      viewer.close();
    }
  });

  it('lists and reads only that host with the CLI; the other is not found', async () => {
    const hosts = await bosun('ann', ['hosts', '--format', 'json']);
    expect(hosts.code).toBe(0);
    expect(jsonLines(hosts).map((host) => host.name)).toEqual(['grant-a']);
    const ps = await bosun('ann', ['ps', '--format', 'json']);
    expect(ps.code).toBe(0);
    expect(new Set(jsonLines(ps).map((row) => row.agentName))).toEqual(new Set(['grant-a']));
    expect(stdoutOf(ps)).not.toContain('grant-b');
    const hidden = await bosun('ann', ['logs', `grant-b/${box.id}`]);
    const unknown = await bosun('ann', ['logs', `grant-zz/${box.id}`]);
    expect(hidden.code).toBe(4);
    expect(hidden.stderr).toBe(unknown.stderr.replace('grant-zz', 'grant-b'));
    const mine = await bosun('ann', ['logs', `grant-a/${box.id}`]);
    expect(mine).toMatchObject({ code: 0 });
    expect(stdoutOf(mine)).toContain('hello from the box');
  });

  it('loses the host at once when the grant is revoked: its live subscription ends', async () => {
    const viewer = await openViewer(bed.url, ann.headersForSocket());
    try {
      expect(
        await viewer.request('logs.subscribe', { sub: 'a', agent: 'grant-a', container: box.id }),
      ).toMatchObject({
        ok: true,
      });
      expect((await bosun('admin', ['users', 'revoke', 'ann', 'grant-a'])).code).toBe(0);
      await waitFor(
        () =>
          viewer.frames.some(
            (f) => f.subject === 'logs.status' && (f.data as { state: string }).state === 'ended',
          ),
        { timeoutMs: 15_000, what: 'the subscription to end' },
      );
      const again = await viewer.request('logs.subscribe', {
        sub: 'a2',
        agent: 'grant-a',
        container: box.id,
      });
      expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect((await ann.okExactly(agentListResponseSchema, 'GET', '/api/agents')).agents).toEqual([]);
      expect(viewer.closed).toBeUndefined();
    } finally {
      viewer.close();
    }
  });
});
