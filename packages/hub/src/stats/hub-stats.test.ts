import { PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';
import { LATENCY_BUCKETS_MS, LatencyHistogram } from './latency-histogram.ts';

const web = containerSummary('web');
const subscription = { sub: 's', agent: 'web-1', container: 'web' };

describe('Hub.stats counters', () => {
  it('counts a batch of new lines in once, and what reaches each viewer out', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    const viewers = [t.viewer(), t.viewer()];
    for (const viewer of viewers) await viewer.subscribe(subscription);
    await settle();
    agent.write(web.id, 4, { prefix: 'abc' });

    const stats = t.hub.stats();
    // 'abc 0' .. 'abc 3': five bytes each.
    expect(stats).toMatchObject({ linesIn: 4, bytesIn: 20, entriesOut: 8, bytesOut: 40 });
    expect(stats).toMatchObject({ topics: 1, subscriptions: 2, viewers: 2, ringEntries: 4, ringBytes: 20 });
  });

  it('does not count lines the topic already had again', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    await t.viewer().subscribe(subscription);
    await settle();
    const line = {
      kind: 'line' as const,
      seq: 0,
      ts: '2024-01-01T00:00:00.000000001Z',
      stream: 'stdout' as const,
      text: 'x',
    };
    agent.pushEntries(web.id, [line]);
    agent.pushEntries(web.id, [line]);
    expect(t.hub.stats().linesIn).toBe(1);
  });

  it('counts a gap from the agent by its reason, with the lines it names', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    await t.viewer().subscribe(subscription);
    await settle();
    agent.pushEntries(web.id, [{ kind: 'gap', fromSeq: 0, toSeq: 9, reason: 'agent_backpressure' }]);
    const { gaps } = t.hub.stats();
    expect(gaps.agent_backpressure).toEqual({ markers: 1, lines: 10 });
    expect(gaps.subscriber_behind).toEqual({ markers: 0, lines: 0 });
  });

  it('counts the gap a slow viewer is sent when its queue overflows', async () => {
    const t = new TestHub({ options: { subscriberQueueLines: 10 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    const viewer = t.viewer();
    await viewer.subscribe(subscription);
    await settle();
    viewer.conn.bufferedAmount = 1 << 30;
    agent.write(web.id, 25);
    viewer.conn.bufferedAmount = 0;
    await t.clock.advance(t.hub.options.drainIntervalMs);
    expect(t.hub.stats().gaps.subscriber_behind).toEqual({ markers: 1, lines: 15 });
  });

  it('counts reads started, cancelled and failed, and the lines they carried', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.write(web.id, 30);
    const whole = await t.hub.readLogs('web-1', 'web', { tail: 'all' }, () => {});
    await whole.done;
    agent.hold('log.read');
    const cancelled = await t.hub.readLogs('web-1', 'web', {}, () => {});
    expect(t.hub.stats().readsOpen).toBe(1);
    cancelled.cancel();
    const failing = await t.hub.readLogs('web-1', 'web', {}, () => {});
    await settle();
    agent.fail(agent.held.at(-1)!, { code: 'docker_unavailable', message: 'no docker' });
    await expect(failing.done).rejects.toThrow('no docker');

    expect(t.hub.stats()).toMatchObject({
      readsOpen: 0,
      reads: { started: 3, cancelled: 1, failed: { docker_unavailable: 1 }, lines: 30 },
    });
  });

  it('times requests to agents by subject, and counts failures by code', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('container.inspect');
    const inspect = t.hub.request(agent.id, 'container.inspect', { id: web.id });
    await settle();
    await t.clock.advance(40);
    agent.fail(agent.held.at(-1)!, { code: 'not_found', message: 'gone' });
    await expect(inspect).rejects.toThrow('gone');

    const stats = t.hub.stats().agentRequests['container.inspect'];
    expect(stats).toMatchObject({ count: 1, sumMs: 40, failed: { not_found: 1 } });
    expect(stats?.cumulative[LATENCY_BUCKETS_MS.indexOf(25)]).toBe(0);
    expect(stats?.cumulative[LATENCY_BUCKETS_MS.indexOf(50)]).toBe(1);
    // The first container list, sent when the agent became ready, was timed too.
    expect(t.hub.stats().agentRequests['container.list']).toMatchObject({ count: 1, failed: {} });
  });

  it('tells online agents from outdated ones', async () => {
    const t = new TestHub();
    await t.agent({ name: 'new' });
    await t.agent({ name: 'old', protocol: PROTOCOL_VERSION - 1 });
    expect(t.hub.stats()).toMatchObject({ agentsOnline: 2, agentsOutdated: 1 });
  });
});

describe('LatencyHistogram', () => {
  it('puts a duration in the first bucket whose bound holds it, cumulatively, and past the last only in the count', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [0, 5, 6, 100, 1e9]) histogram.observe(ms);
    const { cumulative, sumMs, count } = histogram.snapshot();
    expect(cumulative[0]).toBe(2);
    expect(cumulative[1]).toBe(3);
    expect(cumulative[LATENCY_BUCKETS_MS.indexOf(100)]).toBe(4);
    expect(cumulative.at(-1)).toBe(4);
    expect(count).toBe(5);
    expect(sumMs).toBe(1e9 + 111);
  });
});
