import { EXAMPLE_INBOX, EXAMPLE_LOG_LINES, encodePush, encodeRequest } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerId, containerSummary, principal } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const web = containerSummary('web', { id: `abcd1${'0'.repeat(59)}` });
const api = containerSummary('api', { id: `abcd2${'0'.repeat(59)}` });

async function setup(options = {}) {
  const t = new TestHub({ options });
  const agent = await t.agent({ name: 'web-1', containers: [web, api] });
  return { t, agent, viewer: t.viewer() };
}

describe('viewer frames', () => {
  it('bad frames get an error reply or push, and the connection survives', async () => {
    const { viewer } = await setup();
    viewer.sendRaw('{nope');
    viewer.sendRaw(new Uint8Array([0xc3, 0x28]));
    viewer.sendRaw(
      encodeRequest('logs.subscribe', { sub: 's', agent: 'web 1', container: 'web' }, EXAMPLE_INBOX),
    );
    expect(viewer.conn.frames()).toEqual([
      { subject: 'error', data: expect.objectContaining({ code: 'bad_json' }) },
      { subject: 'error', data: expect.objectContaining({ code: 'bad_json' }) },
      {
        subject: EXAMPLE_INBOX,
        data: { ok: false, error: expect.objectContaining({ code: 'invalid_data' }) },
      },
    ]);
    expect(viewer.conn.closed).toBeUndefined();
    expect(await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'web' })).toMatchObject({
      container: web.id,
    });
  });

  it('subjects a viewer may not send are refused', async () => {
    const { t, viewer, agent } = await setup();
    viewer.sendRaw(encodeRequest('container.stop', { id: 'web' }, EXAMPLE_INBOX));
    viewer.sendRaw(encodePush('log.batch', { container: web.id, entries: EXAMPLE_LOG_LINES }));
    // An error push from the viewer is not answered, or two peers could bounce errors forever.
    viewer.sendRaw(encodePush('error', { code: 'internal', message: 'viewer trouble' }));
    expect(viewer.conn.frames()).toEqual([
      { subject: EXAMPLE_INBOX, data: { ok: false, error: expect.objectContaining({ code: 'forbidden' }) } },
      { subject: 'error', data: expect.objectContaining({ code: 'forbidden', inReplyTo: 'log.batch' }) },
    ]);
    await settle();
    expect(agent.requests.map((r) => r.subject)).not.toContain('container.stop');
    expect(t.hub.stats().topics).toBe(0);
  });
});

describe('subscribing', () => {
  it('refuses a sub id in use and more than the per-connection limit', async () => {
    const { viewer } = await setup({ maxSubscriptionsPerViewer: 2 });
    await viewer.subscribe({ sub: 'a', agent: 'web-1', container: 'web' });
    await expect(viewer.subscribe({ sub: 'a', agent: 'web-1', container: 'api' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await viewer.subscribe({ sub: 'b', agent: 'web-1', container: 'api' });
    await expect(viewer.subscribe({ sub: 'c', agent: 'web-1', container: 'web' })).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    await viewer.unsubscribe('a');
    await viewer.subscribe({ sub: 'c', agent: 'web-1', container: 'web' });
  });

  it('resolves agents by id or name and containers by id, name or unique prefix', async () => {
    const { viewer, agent } = await setup();
    expect(await viewer.subscribe({ sub: 'a', agent: agent.id, container: 'abcd1' })).toMatchObject({
      agent: agent.id,
      container: web.id,
    });
    await expect(viewer.subscribe({ sub: 'b', agent: 'web-1', container: 'abcd' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(viewer.subscribe({ sub: 'c', agent: 'nobody', container: 'web' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(viewer.subscribe({ sub: 'd', agent: 'web-1', container: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
    // A full id the cache does not know yet is taken on trust while the agent is online.
    const unknown = containerId('later');
    expect(await viewer.subscribe({ sub: 'e', agent: 'web-1', container: unknown })).toMatchObject({
      container: unknown,
    });
  });

  it('an offline agent: unknown containers are agent_offline, known ones wait for it', async () => {
    const { t, viewer, agent } = await setup();
    agent.disconnect();
    await expect(
      viewer.subscribe({ sub: 'a', agent: 'web-1', container: containerId('x') }),
    ).rejects.toMatchObject({
      code: 'agent_offline',
    });
    await viewer.subscribe({ sub: 'b', agent: 'web-1', container: 'web' });
    expect(viewer.sub('b').statuses).toEqual([{ sub: 'b', state: 'agent_offline' }]);
    const back = await t.reconnect(agent);
    expect(back.startRequests).toEqual([{ container: web.id, tail: 1000, nextSeq: 0 }]);
    expect(viewer.sub('b').statuses.map((s) => s.state)).toEqual(['agent_offline', 'live']);
  });

  it('any role may view logs', async () => {
    const { t } = await setup();
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      await t.viewer(role).subscribe({ sub: 's', agent: 'web-1', container: 'web' });
    }
    expect(t.hub.stats().subscriptions).toBe(3);
  });
});

describe('leaving', () => {
  it('unsubscribing an unknown sub is not_found', async () => {
    const { viewer } = await setup();
    await expect(viewer.unsubscribe('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an unsubscribe or a close while the subscription is opening leaves nothing behind', async () => {
    const { t, viewer } = await setup();
    const opening = viewer.subscribe({ sub: 'a', agent: 'web-1', container: 'web' });
    const outcome = opening.then(
      () => 'subscribed',
      (error: { code: string }) => error.code,
    );
    await viewer.unsubscribe('a');
    expect(await outcome).toBe('conflict');

    const other = t.viewer();
    void other.subscribe({ sub: 'b', agent: 'web-1', container: 'api' }).catch(() => {});
    other.close();
    await t.clock.advance(5_000);
    expect(t.hub.stats()).toMatchObject({ topics: 0, subscriptions: 0, viewers: 1 });
  });
});

describe('a user granted one host', () => {
  async function twoHosts() {
    const t = new TestHub();
    const a = await t.agent({ name: 'host-a', containers: [web] });
    const b = await t.agent({ name: 'host-b', containers: [api] });
    const grantedA = principal('none', 'u-ann', [{ agentId: a.id, role: 'viewer' }]);
    return { t, a, b, grantedA };
  }

  it('subscribes to that host, and finds the other by name or id exactly as an unknown one', async () => {
    const { t, b, grantedA } = await twoHosts();
    const viewer = t.viewer(grantedA);
    expect(await viewer.subscribe({ sub: 'a', agent: 'host-a', container: 'web' })).toMatchObject({
      container: web.id,
    });
    for (const ref of ['host-b', b.id]) {
      const hidden = viewer.subscribe({ sub: `b-${ref}`, agent: ref, container: 'api' });
      await expect(hidden).rejects.toMatchObject({ code: 'not_found', message: `no agent "${ref}"` });
    }
    await expect(viewer.subscribe({ sub: 'z', agent: 'host-z', container: 'api' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no agent "host-z"',
    });
  });

  it('ends the subscriptions of a host whose grant is withdrawn, keeping the others', async () => {
    const { t, a, b } = await twoHosts();
    const both = principal('none', 'u-ann', [
      { agentId: a.id, role: 'viewer' },
      { agentId: b.id, role: 'viewer' },
    ]);
    const viewer = t.viewer(both);
    await viewer.subscribe({ sub: 'a', agent: 'host-a', container: 'web' });
    await viewer.subscribe({ sub: 'b', agent: 'host-b', container: 'api' });
    viewer.handler.reauthorized({ ...both, grants: [{ agentId: a.id, role: 'viewer' }] });
    expect(viewer.sub('b').statuses.at(-1)).toMatchObject({ state: 'ended' });
    expect(viewer.sub('a').statuses.map((s) => s.state)).not.toContain('ended');
    await expect(viewer.unsubscribe('b')).rejects.toMatchObject({ code: 'not_found' });
    await expect(viewer.subscribe({ sub: 'b2', agent: 'host-b', container: 'api' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(viewer.conn.closed).toBeUndefined();
  });
});

describe('container actions for a user granted one host', () => {
  it('runs on a host it operates, refuses one it views, and hides the rest', async () => {
    const t = new TestHub();
    const a = await t.agent({ name: 'host-a', containers: [web] });
    const b = await t.agent({ name: 'host-b', containers: [api] });
    const c = await t.agent({ name: 'host-c', containers: [api] });
    const user = principal('none', 'u-ann', [
      { agentId: a.id, role: 'operator' },
      { agentId: b.id, role: 'viewer' },
    ]);
    await expect(t.hub.containerAction(user, 'host-a', 'web', 'restart')).resolves.toMatchObject({
      id: web.id,
    });
    await expect(t.hub.containerAction(user, 'host-b', 'api', 'stop')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(t.hub.containerAction(user, c.id, 'api', 'stop')).rejects.toMatchObject({
      code: 'not_found',
    });
    const outcomes = t.store.audit.rows.map((row) => [row.action, row.outcome]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ['container.restart', 'ok'],
        ['container.stop', 'denied'],
        ['container.stop', 'error'],
      ]),
    );
  });
});

describe('lists for a user granted one host', () => {
  it('hold only that host and its containers', async () => {
    const t = new TestHub();
    const a = await t.agent({ name: 'host-a', containers: [web] });
    await t.agent({ name: 'host-b', containers: [api] });
    const user = principal('none', 'u-ann', [{ agentId: a.id, role: 'viewer' }]);
    expect((await t.hub.listAgents(user)).map((agent) => agent.name)).toEqual(['host-a']);
    expect(t.hub.listContainers(undefined, user).map((container) => container.name)).toEqual(['web']);
    expect(await t.hub.listAgents(principal('none'))).toEqual([]);
  });
});
