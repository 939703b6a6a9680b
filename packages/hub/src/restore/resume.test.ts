import { BOSUN_VERSION, CLOSE_CODES, PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { FakeAgent } from '../testing/fake-agent.ts';
import { FakeClock, settle } from '../testing/fake-clock.ts';
import type { FakeViewer } from '../testing/fake-viewer.ts';
import { containerSummary, logLines, principal } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const web = containerSummary('web');
const api = containerSummary('api');
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * One agent streaming `web` to one viewer, which has had lines 0–9; short timers have run (the
 * cursor is written), as they do before the runtime lets a Durable Object sleep.
 */
async function streaming(): Promise<{ t: TestHub; agent: FakeAgent; viewer: FakeViewer }> {
  const t = new TestHub();
  const agent = await t.agent({ name: 'web-1', containers: [web, api] });
  const viewer = t.viewer();
  await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'web' });
  await settle();
  agent.write(web.id, 10);
  await t.clock.advance(t.hub.options.cursorFlushMs);
  return { t, agent, viewer };
}

/** A hub on the same store after the runtime dropped the first one's memory, `asleepMs` later. */
function woken(t: TestHub, asleepMs = 60_000): TestHub {
  return new TestHub({ store: t.store, clock: new FakeClock(t.clock.now() + asleepMs) });
}

/** The subjects of what a socket was sent from frame `from` on. */
function subjectsSince(viewer: FakeViewer | FakeAgent, from: number): string[] {
  return viewer.conn
    .frames()
    .slice(from)
    .map((frame) => frame.subject);
}

describe('what a socket is given to remember', () => {
  it('an agent: who it is and what it runs, once welcomed', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1' });
    expect(agent.conn.memos).toEqual([
      { kind: 'agent', agentId: agent.id, protocol: PROTOCOL_VERSION, agentVersion: BOSUN_VERSION },
    ]);
  });

  it('an agent refused at its hello: nothing', async () => {
    const t = new TestHub();
    const stranger = await FakeAgent.connect(t.hub, { auth: { credential: 'x'.repeat(43) } });
    expect(stranger.refusal?.code).toBe('unauthorized');
    expect(stranger.conn.memos).toEqual([]);
  });

  it('a viewer: its subscriptions after each subscribe and unsubscribe, names resolved', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web, api] });
    const viewer = t.viewer();
    // The memo follows the reply, once the subscription is in place: settled before each step.
    await viewer.subscribe({ sub: 'a', agent: 'web-1', container: 'web' });
    await settle();
    const filter = { pattern: 'ERROR' };
    await viewer.subscribe({ sub: 'b', agent: 'web-1', container: 'api', packed: true, filter });
    await settle();
    await viewer.unsubscribe('a');
    const a = { sub: 'a', agentId: agent.id, containerId: web.id, packed: false };
    const b = { sub: 'b', agentId: agent.id, containerId: api.id, packed: true, filter };
    expect(viewer.conn.memos).toEqual([
      { kind: 'viewer', subs: [a] },
      { kind: 'viewer', subs: [a, b] },
      { kind: 'viewer', subs: [b] },
    ]);
  });

  it('a viewer: what is left when access to a host is withdrawn', async () => {
    const t = new TestHub();
    const one = await t.agent({ name: 'one', containers: [web] });
    const two = await t.agent({ name: 'two', containers: [web] });
    const both = principal('none', 'u-both', [
      { agentId: one.id, role: 'viewer' },
      { agentId: two.id, role: 'viewer' },
    ]);
    const viewer = t.viewer(both);
    await viewer.subscribe({ sub: 'a', agent: 'one', container: 'web' });
    await viewer.subscribe({ sub: 'b', agent: 'two', container: 'web' });
    await settle();
    viewer.handler.reauthorized({ ...both, grants: [{ agentId: two.id, role: 'viewer' }] });
    expect(viewer.conn.lastMemo('viewer')?.subs.map((sub) => sub.sub)).toEqual(['b']);
  });
});

describe('a hub taking over the sockets of one whose memory the runtime dropped', () => {
  it('has the agent online at once, without a hello, and its requests answered', async () => {
    const { t, agent } = await streaming();
    const next = woken(t);
    const sentBefore = agent.conn.sent.length;
    await agent.takenOverBy(next.hub, next.clock.now());
    await next.clock.advance(0);
    const [view] = await next.hub.listAgents();
    expect(view).toMatchObject({ id: agent.id, name: 'web-1', online: true });
    // Ready without waiting for a first frame: the agent was ready all along.
    expect(await next.hub.request(agent.id, 'container.list', {})).toEqual({ containers: [web, api] });
    expect(subjectsSince(agent, sentBefore).every((subject) => subject === 'container.list')).toBe(true);
    expect(agent.conn.closed).toBeUndefined();
  });

  it('goes on with each subscription from the stored cursor: no reply, no history, nothing twice', async () => {
    const { t, agent, viewer } = await streaming();
    expect((await t.store.logCursors.get(agent.id, web.id))?.seq).toBe(9);
    const next = woken(t);
    await agent.takenOverBy(next.hub, next.clock.now());
    const seen = viewer.conn.sent.length;
    await viewer.takenOverBy(next.hub, principal('viewer'));
    await settle();

    expect(agent.startRequests.at(-1)).toMatchObject({ container: web.id, resume: { seq: 9 } });
    agent.write(web.id, 3);
    expect(viewer.seqs('s')).toEqual(range(0, 13));
    // The agent's old follow may still send what the new one sends again: dropped.
    agent.pushEntries(web.id, logLines(11, 4));
    expect(viewer.seqs('s')).toEqual(range(0, 15));
    expect(new Set(subjectsSince(viewer, seen))).toEqual(new Set(['logs.batch']));
    expect(viewer.sub('s').historyFrames).toBe(1);
    expect(viewer.errors).toEqual([]);
    expect(viewer.conn.lastMemo('viewer')?.subs).toEqual([
      { sub: 's', agentId: agent.id, containerId: web.id, packed: false },
    ]);
  });

  it('counts the agent’s silence from when it was last heard', async () => {
    const { t, agent } = await streaming();
    const next = woken(t);
    const silenceMs = next.hub.options.agentSilenceMs;
    await agent.takenOverBy(next.hub, next.clock.now() - (silenceMs - 5_000));
    await next.clock.advance(4_999);
    expect(agent.conn.closed).toBeUndefined();
    await next.clock.advance(1);
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.timeout);
  });

  it('closes an agent revoked meanwhile with 4403, and one removed', async () => {
    const { t, agent } = await streaming();
    await t.store.agents.revoke(agent.id, t.clock.now());
    const next = woken(t);
    await agent.takenOverBy(next.hub, next.clock.now());
    await settle();
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.revoked);
    expect((await next.hub.listAgents())[0]?.online).not.toBe(true);

    const other = await streaming();
    other.t.store.agents.rows.delete(other.agent.id);
    await other.agent.takenOverBy(woken(other.t).hub, 0);
    await settle();
    expect(other.agent.conn.closed?.code).toBe(CLOSE_CODES.revoked);
  });

  it('ends a remembered subscription to a host the user may no longer see, and keeps the rest', async () => {
    const t = new TestHub();
    const one = await t.agent({ name: 'one', containers: [web] });
    const two = await t.agent({ name: 'two', containers: [web] });
    const both = principal('none', 'u-both', [
      { agentId: one.id, role: 'viewer' },
      { agentId: two.id, role: 'viewer' },
    ]);
    const viewer = t.viewer(both);
    await viewer.subscribe({ sub: 'a', agent: 'one', container: 'web' });
    await viewer.subscribe({ sub: 'b', agent: 'two', container: 'web' });
    await t.clock.advance(t.hub.options.cursorFlushMs);

    const next = woken(t);
    await one.takenOverBy(next.hub, next.clock.now());
    await two.takenOverBy(next.hub, next.clock.now());
    const oneStarts = one.startRequests.length;
    await viewer.takenOverBy(next.hub, { ...both, grants: [{ agentId: two.id, role: 'viewer' }] });
    await settle();
    expect(viewer.sub('a').statuses).toEqual([
      { sub: 'a', state: 'ended', message: 'access to this host was withdrawn' },
    ]);
    expect(viewer.sub('b').statuses).toEqual([]);
    expect(one.startRequests).toHaveLength(oneStarts);
    expect(viewer.conn.lastMemo('viewer')?.subs.map((sub) => sub.sub)).toEqual(['b']);
    two.write(web.id, 2);
    expect(viewer.seqs('b')).toEqual([0, 1]);
  });

  it('ends a subscription it cannot open again, telling the viewer to subscribe anew', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web, api] });
    const viewer = t.viewer();
    const next = new TestHub({ store: t.store, options: { maxTopicsPerAgent: 1 } });
    await agent.takenOverBy(next.hub, next.clock.now());
    // As a socket of a hub allowed more topics than this one remembered it.
    viewer.conn.remember({
      kind: 'viewer',
      subs: [
        { sub: 'a', agentId: agent.id, containerId: web.id, packed: false },
        { sub: 'b', agentId: agent.id, containerId: api.id, packed: false },
      ],
    });
    await viewer.takenOverBy(next.hub, principal('viewer'));
    await settle();
    expect(viewer.sub('a').statuses).toEqual([]);
    expect(viewer.sub('b').statuses).toEqual([
      expect.objectContaining({
        sub: 'b',
        state: 'ended',
        message: expect.stringContaining('subscribe again'),
      }),
    ]);
    expect(viewer.conn.lastMemo('viewer')?.subs.map((sub) => sub.sub)).toEqual(['a']);
  });
});
