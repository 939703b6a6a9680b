import {
  agentListResponseSchema,
  containerActionResponseSchema,
  containerListResponseSchema,
  errorBodySchema,
  userResponseSchema,
} from '@bosun/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunningContainer, runContainer, type TestAgent, waitFor } from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import type { ApiClient } from '../kit/test-manager.ts';
import { IDLE, jsonLines, useContractBed } from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// The fleet as every runtime must show it: a joined agent online and listed, its containers over
// the API and `bosun ps`, containers stopped and started through the API, and what roles and
// per-host grants let a user see and do.

const HOST = 'fleet-host';
const OTHER = 'fleet-other';

describe.each(CONTRACT_RUNTIMES)('the fleet on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);
  let box: RunningContainer;

  beforeAll(async () => {
    box = await runContainer(bed.engine, { name: 'fleet-box', cmd: ['sh', '-c', `echo hello box; ${IDLE}`] });
    bed.defer(() => box.container.remove({ force: true }));
    await bed.admin.waitForContainer({ id: box.id, agentName: HOST });
  });

  /** The container as `client` sees it in the fleet's list, if at all. */
  async function listed(client: ApiClient, agentName: string, id: string) {
    const { containers } = await client.okExactly(containerListResponseSchema, 'GET', '/api/containers');
    return containers.find((c) => c.agentName === agentName && c.id === id);
  }

  it('an agent joined with a join token is online and listed with its host and Docker facts', async () => {
    const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
    expect(agents.filter((a) => a.name === HOST)).toEqual([
      expect.objectContaining({
        name: HOST,
        online: true,
        host: expect.objectContaining({ hostname: expect.any(String), cpus: expect.any(Number) }),
        docker: expect.objectContaining({ available: true }),
      }),
    ]);
  });

  it("lists the agent's containers over the API and with bosun ps", async () => {
    expect(await listed(bed.admin, HOST, box.id)).toMatchObject({ name: box.name, state: 'running' });
    const ps = await bed.bosun(['ps', HOST, '--format', 'json']);
    expect(ps.code, ps.stderr).toBe(0);
    expect(jsonLines(ps.stdout)).toContainEqual(
      expect.objectContaining({ id: box.id, name: box.name, agentName: HOST, state: 'running' }),
    );
  });

  it('stops and starts a container through the API; the list and Docker follow', async () => {
    const path = `/api/agents/${HOST}/containers/${box.name}`;
    const act = (action: string) =>
      bed.admin.okExactly(containerActionResponseSchema, 'POST', `${path}/${action}`);
    expect(await act('stop')).toEqual({ id: box.id, state: 'exited' });
    expect((await box.container.inspect()).State.Running).toBe(false);
    await waitFor(async () => (await listed(bed.admin, HOST, box.id))?.state === 'exited', {
      timeoutMs: 15_000,
      what: 'the list to show the container exited',
    });
    expect(await act('start')).toEqual({ id: box.id, state: 'running' });
    expect((await box.container.inspect()).State.Running).toBe(true);
    await waitFor(async () => (await listed(bed.admin, HOST, box.id))?.state === 'running', {
      timeoutMs: 15_000,
      what: 'the list to show the container running again',
    });
  });

  describe('roles and per-host grants', () => {
    let viewer: ApiClient;
    let granted: ApiClient;
    let otherId: string;
    let other: TestAgent;

    beforeAll(async () => {
      other = await joinTestAgent(bed.admin, { engine: bed.engine, name: OTHER });
      bed.defer(() => other.stop());
      await bed.admin.waitForContainer({ id: box.id, agentName: OTHER });
      const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      const hostId = agents.find((a) => a.name === HOST)?.id;
      otherId = agents.find((a) => a.name === OTHER)?.id ?? '';
      viewer = (await bed.admin.newUser('vic', 'viewer')).client;
      const ann = await bed.admin.newUser('ann', 'none');
      await bed.admin.okExactly(userResponseSchema, 'PUT', `/api/users/${ann.id}/grants/${hostId}`, {
        role: 'viewer',
      });
      granted = ann.client;
    });

    it('a viewer sees every host but is refused admin and operator routes with 403', async () => {
      const { agents } = await viewer.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      expect(agents.map((a) => a.name).sort()).toEqual([HOST, OTHER].sort());
      for (const [method, path, body] of [
        ['GET', '/api/users', undefined],
        ['POST', '/api/users', { username: 'mallory', password: 'mallory password', role: 'admin' }],
        ['POST', '/api/join-tokens', {}],
        ['POST', `/api/agents/${HOST}/containers/${box.id}/stop`, undefined],
      ] as const) {
        const answer = await viewer.callExactly(errorBodySchema, method, path, body);
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 403, 'forbidden']);
      }
      expect((await box.container.inspect()).State.Running).toBe(true);
    });

    it('a user granted one host sees nothing of the other, which answers as an unknown host', async () => {
      const { agents } = await granted.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      expect(agents.map((a) => a.name)).toEqual([HOST]);
      const { containers } = await granted.okExactly(containerListResponseSchema, 'GET', '/api/containers');
      expect(new Set(containers.map((c) => c.agentName))).toEqual(new Set([HOST]));
      expect(containers.map((c) => c.id)).toContain(box.id);
      for (const ref of [OTHER, otherId]) {
        const hidden = await granted.call('GET', `/api/containers?agent=${ref}`);
        const unknown = await granted.call('GET', '/api/containers?agent=no-such-host');
        expect(hidden.status, ref).toBe(404);
        expect(JSON.stringify(hidden.body)).toBe(JSON.stringify(unknown.body).replace('no-such-host', ref));
      }
      expect((await granted.call('POST', `/api/agents/${HOST}/containers/${box.id}/stop`)).status).toBe(403);
    });

    it('a user granted one host may follow its logs only, and bosun ps shows that host alone', async () => {
      const socket = await bed.viewerAs(granted);
      for (const agent of [OTHER, otherId]) {
        expect(
          await socket.request('logs.subscribe', { sub: agent, agent, container: box.id }),
        ).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      }
      expect(
        await socket.request('logs.subscribe', { sub: 'mine', agent: HOST, container: box.id }),
      ).toMatchObject({ ok: true });
      await waitFor(() => JSON.stringify(socket.frames).includes('hello box'), {
        timeoutMs: 15_000,
        what: "the box's line over the granted user's socket",
      });
      const { token } = await granted.ok('POST', '/api/api-tokens', { name: 'contract' });
      const ps = await bed.bosun(['ps', '--format', 'json'], { BOSUN_TOKEN: token });
      expect(ps.code, ps.stderr).toBe(0);
      expect(new Set(jsonLines(ps.stdout).map((row) => row.agentName))).toEqual(new Set([HOST]));
    });
  });
});
