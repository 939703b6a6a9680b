import { describe, expect, it } from 'vitest';
import { FakeAgent } from '../testing/fake-agent.ts';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';
import { defaultTimeoutMs } from './request-timeouts.ts';

describe('requests to an agent', () => {
  it('resolve with the validated result', async () => {
    const t = new TestHub();
    const agent = await t.agent({ containers: [containerSummary('web')] });
    const { containers } = await t.hub.request(agent.id, 'container.list', { all: true });
    expect(containers.map((c) => c.name)).toEqual(['web']);
  });

  it('fail at once with agent_offline when the agent disconnects, without waiting for the timeout', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.hold('container.start');
    const pending = t.hub.request(agent.id, 'container.start', { id: 'web' });
    await settle();
    agent.disconnect();
    await expect(pending).rejects.toMatchObject({ code: 'agent_offline' });
    await expect(t.hub.request(agent.id, 'container.list', {})).rejects.toMatchObject({
      code: 'agent_offline',
    });
  });

  it('time out after the per-operation default otherwise', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.hold('container.stop');
    const stop = t.hub.request(agent.id, 'container.stop', { id: 'web', timeoutSeconds: 5 });
    const outcome = stop.then(
      () => 'answered',
      (error: { code: string }) => error.code,
    );
    await t.clock.advance(24_999);
    agent.hold('container.list');
    const list = t.hub
      .request(agent.id, 'container.list', {}, { timeoutMs: 100 })
      .catch((error: { code: string }) => error.code);
    await t.clock.advance(1);
    expect(await outcome).toBe('timeout');
    await t.clock.advance(100);
    expect(await list).toBe('timeout');
    // A late answer to a timed-out request is ignored.
    agent.answer(agent.held[0]!, { id: 'x'.repeat(64), state: 'exited' });
    expect(agent.conn.closed).toBeUndefined();
  });

  it('have per-operation defaults', () => {
    expect(defaultTimeoutMs('container.list', {})).toBe(15_000);
    expect(defaultTimeoutMs('container.inspect', { id: 'a' })).toBe(15_000);
    expect(defaultTimeoutMs('container.start', { id: 'a' })).toBe(30_000);
    expect(defaultTimeoutMs('container.stop', { id: 'a', timeoutSeconds: 60 })).toBe(80_000);
    expect(defaultTimeoutMs('container.restart', { id: 'a' })).toBe(30_000);
    expect(defaultTimeoutMs('log.stream.start', { container: 'a'.repeat(64) })).toBe(30_000);
  });

  it('are bounded per agent', async () => {
    const t = new TestHub({ options: { maxPendingPerAgent: 3 } });
    const agent = await t.agent();
    agent.hold('container.inspect');
    const inFlight = [1, 2, 3].map(() => t.hub.request(agent.id, 'container.inspect', { id: 'web' }));
    await expect(t.hub.request(agent.id, 'container.inspect', { id: 'web' })).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    agent.disconnect();
    for (const request of inFlight) await expect(request).rejects.toMatchObject({ code: 'agent_offline' });
  });

  it('pass the agent’s error on, and refuse a result that breaks the contract', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    agent.hold('container.inspect');
    const failed = t.hub.request(agent.id, 'container.inspect', { id: 'web' });
    const malformed = t.hub.request(agent.id, 'container.inspect', { id: 'web' });
    await settle();
    agent.fail(agent.held[0]!, { code: 'not_found', message: 'no such container: web' });
    agent.answer(agent.held[0]!, { container: { id: 'nope' } });
    await expect(failed).rejects.toMatchObject({ code: 'not_found', message: 'no such container: web' });
    await expect(malformed).rejects.toMatchObject({ code: 'invalid_data' });
  });

  it('wait until the agent has spoken after its welcome, or a short grace has passed', async () => {
    const t = new TestHub();
    const agent = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      announceDocker: false,
    });
    const list = t.hub.request(agent.id, 'container.list', {});
    await settle();
    expect(agent.requests).toEqual([]);
    agent.push('agent.heartbeat', { at: 1 });
    await settle();
    // The hub's own list after the welcome, then ours.
    expect(agent.requests.map((r) => r.subject)).toEqual(['container.list', 'container.list']);
    await list;

    const quiet = await FakeAgent.connect(t.hub, {
      auth: { joinToken: await t.joinToken() },
      announceDocker: false,
    });
    await t.clock.advance(1_999);
    expect(quiet.requests).toEqual([]);
    await t.clock.advance(1);
    expect(quiet.requests.map((r) => r.subject)).toEqual(['container.list']);
  });
});
