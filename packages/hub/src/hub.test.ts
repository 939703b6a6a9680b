import { CLOSE_CODES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { FakeAgent } from './testing/fake-agent.ts';
import { FakeConnection } from './testing/fake-connection.ts';
import { containerSummary, principal } from './testing/fixtures.ts';
import { TestHub } from './testing/test-hub.ts';

describe('Hub.close', () => {
  it('writes cursors, closes every socket with 1001, clears every timer and refuses newcomers', async () => {
    const t = new TestHub();
    const web = containerSummary('web');
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    const unauthenticated = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    const viewer = t.viewer();
    await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'web' });
    await t.clock.advance(0);
    agent.write(web.id, 3);
    viewer.conn.bufferedAmount = 1 << 30;
    agent.write(web.id, 3);

    await t.hub.close();
    for (const conn of [agent.conn, unauthenticated.conn, viewer.conn]) {
      expect(conn.closed).toEqual({ code: CLOSE_CODES.goingAway, reason: 'manager shutting down' });
    }
    expect(await t.store.logCursors.get(agent.id, web.id)).toMatchObject({ seq: 5 });
    expect(t.clock.pending).toBe(0);
    expect(t.hub.stats()).toMatchObject({
      agentsOnline: 0,
      viewers: 0,
      topics: 0,
      subscriptions: 0,
      queuedEntries: 0,
      queuedBytes: 0,
      peakQueuedBytes: 0,
      ringEntries: 0,
      ringBytes: 0,
      readsOpen: 0,
    });

    const late = new FakeConnection();
    t.hub.viewerConnected(late, principal('admin'));
    expect(late.closed?.code).toBe(CLOSE_CODES.goingAway);
    await t.hub.close();
  });
});
