import { EXAMPLE_INBOX, EXAMPLE_LOG_LINES, encodePush, encodeRequest } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerId, containerSummary } from '../testing/fixtures.ts';
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
