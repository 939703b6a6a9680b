import {
  AGENT_BEAT_FRAME,
  CLOSE_CODES,
  EXAMPLE_INBOX,
  encodePush,
  encodeRequest,
  PROTOCOL_VERSION,
} from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../secrets.ts';
import { FakeAgent } from '../testing/fake-agent.ts';
import { settle } from '../testing/fake-clock.ts';
import { HOST_FACTS, principal } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

describe('joining with a join token', () => {
  it('welcomes once with a fresh identity and credential, storing only hashes', async () => {
    const t = new TestHub();
    const token = await t.joinToken();
    const agent = await FakeAgent.connect(t.hub, { auth: { joinToken: token }, name: 'web-1' });
    expect(agent.welcome).toMatchObject({ name: 'web-1', heartbeatSeconds: 15 });
    expect(agent.welcome?.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.store.audit.rows.at(-1)).toMatchObject({
      actor: `agent:${agent.id}`,
      action: 'agent.join',
      outcome: 'ok',
    });
    const stored = await t.store.agents.byId(agent.id);
    expect(stored?.credentialHash).toBe(await sha256Hex(agent.welcome?.credential ?? ''));
    expect(
      JSON.stringify([...t.store.agents.rows.values(), ...t.store.joinTokens.rows.values()]),
    ).not.toContain(token);
    expect(agent.conn.closed).toBeUndefined();

    const again = await FakeAgent.connect(t.hub, { auth: { joinToken: token }, name: 'web-2' });
    expect(again.refusal?.code).toBe('unauthorized');
    await settle();
    expect(again.conn.closed?.code).toBe(CLOSE_CODES.unauthorized);
  });

  it('refuses an expired token', async () => {
    const t = new TestHub();
    const { token } = await t.hub.createJoinToken({ createdBy: 'u-admin', ttlMs: 60_000 });
    await t.clock.advance(60_000);
    const agent = await FakeAgent.connect(t.hub, { auth: { joinToken: token } });
    expect(agent.refusal?.code).toBe('unauthorized');
    await settle();
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.unauthorized);
  });

  it('names the agent from the token, else the hello, else the hostname, unique with -2', async () => {
    const t = new TestHub();
    const a = await FakeAgent.connect(t.hub, { auth: { joinToken: await t.joinToken('from-token') } });
    const b = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken('from-token') },
      name: 'hello-name',
    });
    const c = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      host: { ...HOST_FACTS, hostname: 'db host.local' },
    });
    const d = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      name: 'hello-name',
    });
    expect([a, b, c, d].map((x) => x.welcome?.name)).toEqual([
      'from-token',
      'from-token-2',
      'db-host.local',
      'hello-name',
    ]);
  });
});

describe('coming back with a credential', () => {
  it('is the same agent whatever name the hello claims', async () => {
    const t = new TestHub();
    const first = await t.agent({ name: 'web-1' });
    first.disconnect();
    const back = await FakeAgent.connect(t.hub, {
      auth: { credential: first.credential ?? '' },
      name: 'someone-else',
    });
    expect(back.welcome).toEqual({
      agentId: first.id,
      name: 'web-1',
      heartbeatSeconds: 15,
      protocol: PROTOCOL_VERSION,
      packedBatches: true,
      fixedBeat: true,
    });
  });

  it('refuses an unknown credential', async () => {
    const t = new TestHub();
    const agent = await FakeAgent.connect(t.hub, { auth: { credential: 'x'.repeat(43) } });
    expect(agent.refusal?.code).toBe('unauthorized');
    await settle();
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.unauthorized);
  });

  it('refuses a revoked credential, and revoking drops the live connection at once', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    const events: string[] = [];
    t.hub.subscribeFleet((event) => events.push(event.type));
    expect(await t.hub.revokeAgent(agent.id, principal('admin'))).toBe(true);
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.revoked);
    expect(events).toEqual(['agent.offline', 'agent.revoked']);
    expect(await t.hub.listAgents()).toEqual([]);
    expect(t.store.audit.rows.at(-1)).toMatchObject({
      action: 'agent.revoke',
      outcome: 'ok',
      actor: 'user:u-admin',
    });

    const back = await FakeAgent.connect(t.hub, { auth: { credential: agent.credential ?? '' } });
    expect(back.refusal?.code).toBe('unauthorized');
  });
});

describe('before the welcome', () => {
  it('an unauthenticated socket receives nothing and is closed after the deadline', async () => {
    const t = new TestHub();
    const agent = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    await t.clock.advance(9_999);
    expect(agent.conn.closed).toBeUndefined();
    await t.clock.advance(1);
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.timeout);
    expect(agent.conn.sent).toEqual([]);
  });

  it('any other first frame gets an error reply (when it can) and a close', async () => {
    const t = new TestHub();
    const withInbox = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    withInbox.sendRaw(encodeRequest('container.list', {}, EXAMPLE_INBOX));
    expect(withInbox.conn.frames()).toEqual([
      { subject: EXAMPLE_INBOX, data: { ok: false, error: expect.objectContaining({ code: 'forbidden' }) } },
    ]);
    expect(withInbox.conn.closed?.code).toBe(CLOSE_CODES.badHello);

    const push = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    push.sendRaw(encodePush('agent.heartbeat', { at: 1 }));
    expect(push.conn.sent).toEqual([]);
    expect(push.conn.closed?.code).toBe(CLOSE_CODES.badHello);

    const garbage = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    garbage.sendRaw(new Uint8Array([0xff, 0x00]));
    expect(garbage.conn.closed?.code).toBe(CLOSE_CODES.badHello);
  });
});

describe('a second connection with the same credential', () => {
  it('replaces the first only once it has authenticated, failing the old one’s requests', async () => {
    const t = new TestHub();
    const first = await t.agent();
    first.hold('container.inspect');
    const pending = t.hub.request(first.id, 'container.inspect', { id: 'web' });
    await settle();
    expect(first.held).toHaveLength(1);

    const silent = FakeAgent.open(t.hub, { auth: { credential: first.credential ?? '' } });
    const wrong = await FakeAgent.connect(t.hub, { auth: { credential: 'y'.repeat(43) } });
    expect(wrong.refusal?.code).toBe('unauthorized');
    expect(first.conn.closed).toBeUndefined();

    const events: string[] = [];
    t.hub.subscribeFleet((event) => events.push(event.type));
    await silent.hello();
    expect(silent.welcome?.agentId).toBe(first.id);
    // Still online throughout: the fleet hears of an update, not of a departure.
    expect(events[0]).toBe('agent.updated');
    expect(events).not.toContain('agent.offline');
    expect(first.conn.closed?.code).toBe(CLOSE_CODES.replaced);
    await expect(pending).rejects.toMatchObject({ code: 'agent_offline' });
    const [view] = await t.hub.listAgents();
    expect(view?.online).toBe(true);
  });
});

describe('after the welcome', () => {
  it('an agent silent for three heartbeat intervals is taken for dead', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    for (let i = 0; i < 10; i++) {
      await t.clock.advance(15_000);
      agent.push('agent.heartbeat', { at: t.clock.now() });
    }
    expect(agent.conn.closed).toBeUndefined();
    await t.clock.advance(44_999);
    expect(agent.conn.closed).toBeUndefined();
    await t.clock.advance(1);
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.timeout);
    expect((await t.hub.listAgents())[0]?.online).toBe(false);
  });

  it('counts beats its runtime answered without the hub (heardAt) as hearing from the agent', async () => {
    const t = new TestHub();
    const heard = await t.agent();
    const unheard = await t.agent();
    await t.clock.advance(40_000);
    heard.conn.heard = t.clock.now();
    await t.clock.advance(5_000);
    expect(heard.conn.closed).toBeUndefined();
    expect(unheard.conn.closed?.code).toBe(CLOSE_CODES.timeout);
    // Silence counts again from when it was heard.
    await t.clock.advance(39_999);
    expect(heard.conn.closed).toBeUndefined();
    await t.clock.advance(1);
    expect(heard.conn.closed?.code).toBe(CLOSE_CODES.timeout);
  });

  it('takes the fixed beat as any frame: the agent is heard, nothing is answered', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.conn.sent.length = 0;
    await t.clock.advance(40_000);
    agent.sendRaw(AGENT_BEAT_FRAME);
    await t.clock.advance(5_000);
    expect(agent.conn.closed).toBeUndefined();
    expect(agent.conn.sent).toEqual([]);
  });

  it('bad frames get error replies or error pushes and the link survives', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.conn.sent.length = 0;
    agent.sendRaw('{nope');
    agent.sendRaw(encodeRequest('logs.subscribe', { sub: 's', agent: 'a', container: 'c' }, EXAMPLE_INBOX));
    agent.sendRaw(JSON.stringify({ subject: 'log.batch', data: { container: 'short', entries: [] } }));
    expect(agent.conn.frames()).toEqual([
      { subject: 'error', data: expect.objectContaining({ code: 'bad_json' }) },
      { subject: EXAMPLE_INBOX, data: { ok: false, error: expect.objectContaining({ code: 'forbidden' }) } },
      { subject: 'error', data: expect.objectContaining({ code: 'invalid_data', inReplyTo: 'log.batch' }) },
    ]);
    expect(agent.conn.closed).toBeUndefined();
    const result = await t.hub.request(agent.id, 'container.list', {});
    expect(result.containers).toEqual([]);
  });

  it('a second hello is refused without dropping the link', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.conn.sent.length = 0;
    agent.sendRaw(
      encodeRequest(
        'agent.hello',
        { protocol: 1, agentVersion: 'x', host: HOST_FACTS, auth: { credential: 'z'.repeat(43) } },
        EXAMPLE_INBOX,
      ),
    );
    expect(agent.conn.frames()[0]).toMatchObject({ data: { ok: false, error: { code: 'conflict' } } });
    expect(agent.conn.closed).toBeUndefined();
  });
});
