import type { AgentView } from '@bosun/protocol';
import { BOSUN_VERSION, CLOSE_CODES, EXAMPLE_INBOX, PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { FakeAgent } from '../testing/fake-agent.ts';
import { HOST_FACTS } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const N = PROTOCOL_VERSION;

async function listed(t: TestHub, name: string): Promise<AgentView | undefined> {
  return (await t.hub.listAgents()).find((agent) => agent.name === name);
}

describe('the hello rule: a manager of protocol N accepts agents of N and N-1', () => {
  it('welcomes an agent of N, says which version it speaks, and lists the agent as current', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'now', protocol: N, agentVersion: '2.4.0' });
    expect(agent.welcome?.protocol).toBe(N);
    expect(await listed(t, 'now')).toMatchObject({
      online: true,
      protocol: N,
      agentVersion: '2.4.0',
      outdated: false,
    });
  });

  it('welcomes an agent of N-1 and lists it as outdated, online or not', async () => {
    const t = new TestHub();
    const events: unknown[] = [];
    t.hub.subscribeFleet((event) => events.push(event));
    const agent = await t.agent({ name: 'old', protocol: N - 1, agentVersion: '1.9.0' });
    expect(agent.welcome).toBeDefined();
    const view = { protocol: N - 1, agentVersion: '1.9.0', outdated: true };
    expect(await listed(t, 'old')).toMatchObject({ online: true, ...view });
    expect(events).toContainEqual({ type: 'agent.online', agent: expect.objectContaining(view) });
    agent.disconnect();
    await t.clock.advance(0);
    expect(await listed(t, 'old')).toMatchObject({ online: false, ...view });
  });

  it('lists an agent of N running an older bosun than the manager as outdated, and a newer or unknown one not', async () => {
    const t = new TestHub();
    await t.agent({ name: 'older-build', protocol: N, agentVersion: '0.0.1' });
    await t.agent({ name: 'same-build', protocol: N, agentVersion: BOSUN_VERSION });
    await t.agent({ name: 'dev-build', protocol: N, agentVersion: 'dev' });
    expect(await listed(t, 'older-build')).toMatchObject({ agentVersion: '0.0.1', outdated: true });
    expect(await listed(t, 'same-build')).toMatchObject({ outdated: false });
    expect(await listed(t, 'dev-build')).toMatchObject({ outdated: false });
    expect(t.hub.stats()).toMatchObject({ agentsOnline: 3, agentsOutdated: 1 });
  });

  it('refuses an agent of N+1, telling it to upgrade the manager, without spending its join token', async () => {
    const t = new TestHub();
    const agent = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      protocol: N + 1,
    });
    expect(agent.refusal).toEqual({
      code: 'protocol_mismatch',
      message: `this manager speaks protocol ${N}, the agent ${N + 1}: upgrade the manager`,
      details: { protocol: N, minAgentProtocol: N - 1 },
    });
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.protocolMismatch);
    expect([...t.store.joinTokens.rows.values()].every((row) => row.usedAt === null)).toBe(true);
    expect(await t.hub.listAgents()).toEqual([]);
  });

  it('refuses an agent of N-2, telling it to upgrade the agent', async () => {
    const t = new TestHub();
    const agent = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      protocol: N - 2,
    });
    expect(agent.refusal?.code).toBe('protocol_mismatch');
    expect(agent.refusal?.message).toBe(
      `this manager speaks protocol ${N} and accepts agents of protocol ${N - 1} and newer, the agent ${N - 2}: upgrade the agent`,
    );
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.protocolMismatch);
  });

  it('refuses a newer hello that no longer fits this schema as a mismatch, not a bad frame', async () => {
    const t = new TestHub();
    const future = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    future.sendRaw(
      JSON.stringify({
        subject: 'agent.hello',
        reply: EXAMPLE_INBOX,
        data: { protocol: N + 1, shape: 'new' },
      }),
    );
    expect(future.conn.frames()[0]).toMatchObject({
      data: { ok: false, error: { code: 'protocol_mismatch' } },
    });
    expect(future.conn.closed?.code).toBe(CLOSE_CODES.protocolMismatch);
  });

  it('answers a malformed hello of an accepted version as a bad hello', async () => {
    const t = new TestHub();
    const broken = FakeAgent.open(t.hub, { auth: { credential: 'x'.repeat(43) } });
    broken.sendRaw(
      JSON.stringify({
        subject: 'agent.hello',
        reply: EXAMPLE_INBOX,
        data: { protocol: N - 1, agentVersion: '', host: HOST_FACTS, auth: {} },
      }),
    );
    expect(broken.conn.frames()[0]).toMatchObject({ data: { ok: false, error: { code: 'invalid_data' } } });
    expect(broken.conn.closed?.code).toBe(CLOSE_CODES.badHello);
  });

  it('an agent never seen by this manager is listed with nothing known of its software', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'gone' });
    agent.disconnect();
    await t.clock.advance(0);
    const later = new TestHub({ store: t.store });
    expect(await listed(later, 'gone')).toMatchObject({
      online: false,
      protocol: null,
      agentVersion: null,
      outdated: false,
    });
  });
});
