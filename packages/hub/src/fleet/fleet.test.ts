import type { ContainerEvent, FleetEvent } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary, dockerTs, principal } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const web = containerSummary('web');
const db = containerSummary('db', { state: 'exited', status: 'Exited (0)' });

function event(
  action: ContainerEvent['action'],
  container = web,
  extra: Partial<ContainerEvent> = {},
): ContainerEvent {
  return { id: container.id, name: container.name, action, at: dockerTs(0), container, ...extra };
}

describe('the fleet read model', () => {
  it('lists agents with host, Docker status and container counts, filled right after the welcome', async () => {
    const t = new TestHub();
    const events: FleetEvent['type'][] = [];
    t.hub.subscribeFleet((e) => events.push(e.type));
    const agent = await t.agent({ name: 'web-1', containers: [web, db] });
    expect(events).toEqual(['agent.online', 'docker.status', 'container.upserted', 'container.upserted']);
    const [view] = await t.hub.listAgents();
    expect(view).toMatchObject({
      id: agent.id,
      name: 'web-1',
      online: true,
      host: { hostname: 'web-1' },
      docker: { available: true },
      containers: { total: 2, byState: { running: 1, exited: 1 } },
    });
    expect(t.hub.listContainers(agent.id).map((c) => [c.name, c.agentId])).toEqual([
      ['web', agent.id],
      ['db', agent.id],
    ]);
  });

  it('keeps containers current from events: upsert on change, delete on destroy', async () => {
    const t = new TestHub();
    const agent = await t.agent({ containers: [web] });
    const events: FleetEvent[] = [];
    t.hub.subscribeFleet((e) => events.push(e));
    agent.push('container.event', event('die', { ...web, state: 'exited' }));
    agent.push('container.event', event('create', db));
    agent.push('container.event', event('destroy', web, { container: undefined }));
    expect(events.map((e) => e.type)).toEqual([
      'container.upserted',
      'container.upserted',
      'container.removed',
    ]);
    expect(t.hub.listContainers().map((c) => c.name)).toEqual(['db']);
  });

  it('lets events that arrive during the list win over it', async () => {
    const t = new TestHub();
    const agent = await t.agent({ containers: [web] });
    const back = await t.reconnect(agent, { containers: [web], hold: ['container.list'] });
    const list = back.held.find((r) => r.subject === 'container.list');
    back.push('container.event', event('die', { ...web, state: 'exited' }));
    back.answer(list!, { containers: [web] });
    expect(t.hub.listContainers()[0]?.state).toBe('exited');
  });

  it('goes offline keeping the last known containers, and reports only what changed on return', async () => {
    const t = new TestHub();
    const agent = await t.agent({ containers: [web, db] });
    const events: FleetEvent[] = [];
    t.hub.subscribeFleet((e) => events.push(e));
    agent.disconnect();
    expect(events).toEqual([{ type: 'agent.offline', agentId: agent.id, lastSeenAt: t.clock.now() }]);
    const [offline] = await t.hub.listAgents();
    expect(offline).toMatchObject({ online: false, docker: null, containers: { total: 2 } });
    events.length = 0;
    await t.reconnect(agent, { containers: [web] });
    expect(events.map((e) => e.type)).toEqual(['agent.online', 'docker.status', 'container.removed']);
  });

  it('resolves agents by id or name and containers by id, name or unique prefix', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web, db] });
    expect((await t.hub.resolveAgent('web-1')).id).toBe(agent.id);
    expect((await t.hub.resolveAgent(agent.id)).name).toBe('web-1');
    agent.disconnect();
    expect((await t.hub.resolveAgent('web-1')).online).toBe(false);
    await expect(t.hub.resolveAgent('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(t.hub.resolveContainer(agent.id, 'db')).toEqual(db);
    expect(t.hub.resolveContainer(agent.id, web.id.slice(0, 12)).name).toBe('web');
    expect(() => t.hub.resolveContainer(agent.id, 'c0')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('container actions', () => {
  it('are forbidden to viewers, and the refusal is audited', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    await expect(t.hub.containerAction(principal('viewer'), 'web-1', 'web', 'stop')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(agent.requests.map((r) => r.subject)).not.toContain('container.stop');
    expect(t.store.audit.rows.at(-1)).toMatchObject({
      actor: 'user:u-viewer',
      action: 'container.stop',
      outcome: 'denied',
    });
  });

  it('run for operators, update the cache and are audited with the outcome', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    const result = await t.hub.containerAction(principal('operator'), 'web-1', 'web', 'stop', {
      timeoutSeconds: 3,
    });
    expect(result).toEqual({ id: web.id, state: 'exited' });
    expect(agent.requests.at(-1)).toMatchObject({
      subject: 'container.stop',
      data: { id: web.id, timeoutSeconds: 3 },
    });
    expect(t.hub.listContainers()[0]?.state).toBe('exited');
    expect(t.store.audit.rows.at(-1)).toMatchObject({
      actor: 'user:u-operator',
      action: 'container.stop',
      target: `${agent.id}/${web.id}`,
      outcome: 'ok',
    });
    await expect(t.hub.containerAction(principal('admin'), 'web-1', 'nope', 'start')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(t.store.audit.rows.at(-1)).toMatchObject({ outcome: 'error', detail: '{"code":"not_found"}' });
  });

  it('asked by name while the agent’s first list is on its way, wait for the list; a failed list answers not found', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web], hold: ['container.list'] });
    let result: unknown;
    const acted = t.hub.containerAction(principal('operator'), 'web-1', 'web', 'restart').then((r) => {
      result = r;
    });
    await settle();
    expect(result, 'no answer before the list').toBeUndefined();
    agent.answer(agent.held[0]!, { containers: [web] });
    await acted;
    expect(result).toEqual({ id: web.id, state: 'running' });

    const other = await t.agent({ name: 'web-2', containers: [web], hold: ['container.list'] });
    const refused = t.hub.containerAction(principal('operator'), 'web-2', 'web', 'restart');
    await settle();
    other.fail(other.held[0]!, { code: 'docker_unavailable', message: 'Docker is not running' });
    await expect(refused).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('join tokens', () => {
  it('store only the hash, with a bounded lifetime', async () => {
    const t = new TestHub();
    const created = await t.hub.createJoinToken({ createdBy: 'u-admin', name: 'edge-1' });
    expect(created.expiresAt).toBe(t.clock.now() + 3_600_000);
    const [row] = await t.store.joinTokens.list();
    expect(row).toMatchObject({ id: created.id, name: 'edge-1', createdBy: 'u-admin', usedAt: null });
    expect(JSON.stringify(row)).not.toContain(created.token);
    await expect(t.hub.createJoinToken({ createdBy: 'u', ttlMs: 8 * 24 * 3_600_000 })).rejects.toMatchObject({
      code: 'invalid_data',
    });
    await expect(t.hub.createJoinToken({ createdBy: 'u', ttlMs: 0 })).rejects.toMatchObject({
      code: 'invalid_data',
    });
    await expect(t.hub.createJoinToken({ createdBy: 'u', name: 'bad name' })).rejects.toMatchObject({
      code: 'invalid_data',
    });
  });

  it('are audited as made by their user, or by the manager itself for its local agent', async () => {
    const t = new TestHub();
    await t.hub.createJoinToken({ createdBy: 'u-admin', createdByName: 'admin' });
    await t.hub.createJoinToken({ createdBy: 'system' });
    const actors = t.store.audit.rows.filter((r) => r.action === 'join_token.create').map((r) => r.actor);
    expect(actors).toEqual(['user:u-admin', 'system']);
  });
});

describe('last seen', () => {
  it('is written at most once per 30 s while the agent talks, and when it leaves', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    const writes: number[] = [];
    const touch = t.store.agents.touch.bind(t.store.agents);
    t.store.agents.touch = async (id, at, host) => {
      writes.push(at);
      return touch(id, at, host);
    };
    const start = t.clock.now();
    for (let i = 0; i < 12; i++) {
      await t.clock.advance(5_000);
      agent.push('agent.heartbeat', { at: t.clock.now() });
    }
    expect(writes.map((at) => at - start)).toEqual([30_000, 60_000]);
    agent.disconnect();
    await settle();
    expect(writes.at(-1)).toBe(t.clock.now());
    expect((await t.store.agents.byId(agent.id))?.lastSeenAt).toBe(t.clock.now());
  });
});
