import { describe, expect, it } from 'vitest';
import { FakeAgent } from '../testing/fake-agent.ts';
import { containerSummary, principal } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

// Who an agent is: its name comes from the admin's token before its own proposal, never reads as
// an id, is held by one agent at a time, and a request addressed to an id reaches that agent only.

async function join(t: TestHub, options: { token?: string; name?: string } = {}): Promise<FakeAgent> {
  const agent = await FakeAgent.connect(t.hub, {
    auth: { joinToken: await t.joinToken(options.token) },
    ...(options.name === undefined ? {} : { name: options.name }),
    containers: [containerSummary('api')],
  });
  if (!agent.welcome) throw new Error(`agent refused: ${agent.refusal?.message}`);
  await t.clock.advance(0);
  return agent;
}

async function goOffline(t: TestHub, agent: FakeAgent): Promise<void> {
  agent.disconnect();
  await t.clock.advance(0);
}

describe('agent names', () => {
  it("the join token's name wins over the name the agent proposes", async () => {
    const t = new TestHub();
    const agent = await join(t, { token: 'db-1', name: 'web-1' });
    expect(agent.welcome?.name).toBe('db-1');
    expect((await t.hub.listAgents()).map((a) => a.name)).toEqual(['db-1']);
  });

  it('without a name on the token, the proposal is used', async () => {
    const t = new TestHub();
    expect((await join(t, { name: 'web-1' })).welcome?.name).toBe('web-1');
  });

  it("a proposed name that is another agent's id is changed so it no longer reads as an id", async () => {
    const t = new TestHub();
    const real = await join(t, { name: 'web' });
    const impostor = await join(t, { name: real.id });
    expect(impostor.welcome?.name).toBe(`agt-${real.id.slice('agt_'.length)}`);
    expect((await t.hub.resolveAgent(real.id)).id).toBe(real.id);
  });

  it('refuses a join token named like an agent id', async () => {
    const t = new TestHub();
    await expect(t.hub.createJoinToken({ createdBy: 'u-admin', name: 'agt_anything' })).rejects.toMatchObject(
      {
        code: 'invalid_data',
      },
    );
    await expect(t.hub.createJoinToken({ createdBy: 'u-admin', name: 'AGT_x' })).rejects.toMatchObject({
      code: 'invalid_data',
    });
  });

  it('a name held by an offline agent is not given again, ignoring case, even when the token asks for it', async () => {
    const t = new TestHub();
    const first = await join(t, { name: 'web' });
    await goOffline(t, first);
    expect((await join(t, { name: 'WEB' })).welcome?.name).toBe('WEB-2');
    expect((await join(t, { token: 'web' })).welcome?.name).toBe('web-3');
    expect((await t.hub.resolveAgent('web')).id).toBe(first.id);
  });

  it("a revoked agent's name goes to the next agent, and the name then reaches that agent only", async () => {
    const t = new TestHub();
    const old = await join(t, { name: 'web' });
    await t.hub.revokeAgent(old.id, principal('admin'));
    const next = await join(t, { name: 'web' });
    expect(next.welcome?.name).toBe('web');
    expect((await t.hub.resolveAgent('web')).id).toBe(next.id);
    await expect(t.hub.resolveAgent(old.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('requests addressed by id', () => {
  it('reach the agent holding the id only: while it is offline, an agent named like it is not asked', async () => {
    const t = new TestHub();
    const real = await join(t, { name: 'web' });
    await goOffline(t, real);
    const impostor = await join(t, { name: real.id });
    const asked = impostor.requests.length;
    await expect(t.hub.containerAction(principal('operator'), real.id, 'api', 'stop')).rejects.toMatchObject({
      code: 'agent_offline',
    });
    expect(impostor.requests.slice(asked).map((r) => r.subject)).not.toContain('container.stop');
    expect((await t.hub.resolveAgent(real.id)).id).toBe(real.id);
  });

  it('an unknown id is not found, never answered by a name', async () => {
    const t = new TestHub();
    await join(t, { name: 'web' });
    await expect(t.hub.resolveAgent('agt_unknown0000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});
