import {
  agentListResponseSchema,
  auditListResponseSchema,
  containerActionResponseSchema,
  containerDetailResponseSchema,
  containerListResponseSchema,
  errorBodySchema,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
} from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, type RunningContainer, runContainer, startTestAgent, waitFor } from '../kit/index.ts';
import { joinTestAgent, type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import type { ApiClient } from '../kit/test-manager.ts';

// The API against a real agent on a real engine: listing, inspecting and controlling
// containers, roles and their audit trail, join tokens and revocation.

const engine = engineFromEnv();
let bed: ManagerWithAgent;
let admin: ApiClient;
let agentId: string;
let box: RunningContainer;

async function isRunning(id: string): Promise<boolean> {
  return (await engine.docker.getContainer(id).inspect()).State.Running;
}

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'fleet-host');
  admin = bed.admin;
  const { agents } = await admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
  agentId = agents.find((a) => a.name === 'fleet-host')!.id;
  // `sleep` ignores SIGTERM as PID 1, so stops would take the whole grace period.
  box = await runContainer(engine, {
    name: 'fleet',
    cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'],
  });
  await admin.waitForContainer({ id: box.id });
});

afterAll(async () => {
  await bed?.cleanup();
});

describe('reading the fleet', () => {
  it('/api/agents shows the agent online with its host facts', async () => {
    const { agents } = await admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
    const found = agents.find((a) => a.id === agentId);
    expect(found).toMatchObject({
      name: 'fleet-host',
      online: true,
      host: {
        hostname: expect.any(String),
        os: expect.any(String),
        arch: expect.any(String),
        cpus: expect.any(Number),
      },
    });
    expect(found?.docker).toMatchObject({ available: true });
  });

  it('/api/containers lists the real container with its agent', async () => {
    const { containers } = await admin.okExactly(
      containerListResponseSchema,
      'GET',
      `/api/containers?agent=fleet-host`,
    );
    expect(containers.find((c) => c.id === box.id)).toMatchObject({
      name: box.name,
      state: 'running',
      agentId,
      agentName: 'fleet-host',
    });
    expect((await admin.call('GET', '/api/containers?agent=nobody')).status).toBe(404);
    expect((await admin.call('GET', '/api/containers?agent=bad%20name')).status).toBe(400);
  });

  it('GET one container answers its details from the agent', async () => {
    const { container } = await admin.okExactly(
      containerDetailResponseSchema,
      'GET',
      `/api/agents/fleet-host/containers/${box.name}`,
    );
    expect(container).toMatchObject({
      id: box.id,
      name: box.name,
      state: 'running',
      command: expect.any(Array),
    });
    expect(container).not.toHaveProperty('env');
    const missing = await admin.callExactly(
      errorBodySchema,
      'GET',
      '/api/agents/fleet-host/containers/no-such-container',
    );
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('controlling containers', () => {
  it("a viewer's stop is refused (403) and audited as denied; the container keeps running", async () => {
    const { id: viewerId, client: viewer } = await admin.newUser('viewer1', 'viewer');
    const answer = await viewer.callExactly(
      errorBodySchema,
      'POST',
      `/api/agents/fleet-host/containers/${box.name}/stop`,
    );
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await isRunning(box.id)).toBe(true);
    const { entries } = await admin.okExactly(auditListResponseSchema, 'GET', '/api/audit');
    expect(entries).toContainEqual(
      expect.objectContaining({ actor: `user:${viewerId}`, action: 'container.stop', outcome: 'denied' }),
    );
  });

  it('an operator stops, starts and restarts it: the real container follows', async () => {
    const { id: operatorId, client: operator } = await admin.newUser('operator1', 'operator');
    const path = `/api/agents/fleet-host/containers/${box.id.slice(0, 12)}`;
    const act = (action: string, body?: unknown) =>
      operator.okExactly(containerActionResponseSchema, 'POST', `${path}/${action}`, body);
    expect(await act('stop', { timeoutSeconds: 5 })).toEqual({
      id: box.id,
      state: 'exited',
    });
    expect(await isRunning(box.id)).toBe(false);
    expect(await act('start')).toEqual({ id: box.id, state: 'running' });
    expect(await isRunning(box.id)).toBe(true);
    const before = (await engine.docker.getContainer(box.id).inspect()).State.StartedAt;
    expect(await act('restart')).toEqual({ id: box.id, state: 'running' });
    expect((await engine.docker.getContainer(box.id).inspect()).State.StartedAt).not.toBe(before);
    const { entries } = await admin.okExactly(auditListResponseSchema, 'GET', '/api/audit');
    const mine = entries.filter((e) => e.actor === `user:${operatorId}`);
    expect(mine.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['container.stop:ok', 'container.start:ok', 'container.restart:ok']),
    );
  });

  it('refuses unknown actions and bad timeouts', async () => {
    expect((await admin.call('POST', `/api/agents/fleet-host/containers/${box.name}/kill`)).status).toBe(400);
    expect(
      (await admin.call('POST', `/api/agents/fleet-host/containers/${box.name}/stop`, { timeoutSeconds: -1 }))
        .status,
    ).toBe(400);
  });
});

describe('join tokens and revocation', () => {
  it('a join token works once: a second agent with it is refused', async () => {
    const created = await admin.callExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {
      name: 'once',
      ttl: '10m',
    });
    expect(created.status).toBe(201);
    expect(created.body.command).toBe(
      `BOSUN_JOIN_TOKEN=${created.body.token} bosun agent --manager ${bed.url}`,
    );
    const first = await startTestAgent({ managerUrl: bed.url, engine, joinToken: created.body.token });
    const second = await startTestAgent({ managerUrl: bed.url, engine, joinToken: created.body.token });
    try {
      await waitFor(() => second.fatal.length > 0, {
        timeoutMs: 10_000,
        what: 'the second agent to be refused',
      });
      expect(second.fatal[0]?.code).toBe('unauthorized');
      expect(first.fatal).toEqual([]);
      const { tokens } = await admin.okExactly(joinTokenListResponseSchema, 'GET', '/api/join-tokens');
      const listed = tokens.find((t) => t.id === created.body.id);
      expect(listed).toMatchObject({
        name: 'once',
        usedAt: expect.any(Number),
        usedByAgent: expect.any(String),
      });
      expect(listed).not.toHaveProperty('tokenHash');
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('refuses join token lifetimes beyond the limit, and non-admins', async () => {
    expect((await admin.call('POST', '/api/join-tokens', { ttl: '30d' })).status).toBe(400);
    expect((await admin.call('POST', '/api/join-tokens', { ttl: 'soon' })).status).toBe(400);
    const { client: operator } = await admin.newUser('operator2', 'operator');
    expect((await operator.call('POST', '/api/join-tokens', {})).status).toBe(403);
    expect((await operator.call('DELETE', '/api/agents/fleet-host')).status).toBe(403);
  });

  it('revoking an agent drops its live session; the agent stops for good', async () => {
    const doomed = await joinTestAgent(admin, { engine, name: 'doomed' });
    try {
      expect((await admin.call('DELETE', '/api/agents/doomed')).status).toBe(204);
      await waitFor(() => doomed.fatal.length > 0, { timeoutMs: 10_000, what: 'the revoked agent to stop' });
      expect(doomed.fatal[0]?.code).toBe('unauthorized');
      const { agents } = await admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      expect(agents.some((a) => a.name === 'doomed')).toBe(false);
      expect((await admin.call('DELETE', '/api/agents/doomed')).status).toBe(404);
    } finally {
      await doomed.stop();
    }
  });
});
