import { CLOSE_CODES, type DataOf } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { HubOptions } from '../hub-options.ts';
import type { FakeAgent } from '../testing/fake-agent.ts';
import { settle } from '../testing/fake-clock.ts';
import type { FakeViewer } from '../testing/fake-viewer.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const web = containerSummary('web');
const T1 = '2026-11-25T03:19:26.000000001Z';
const T2 = '2026-11-25T03:19:26.000000002Z';
const T3 = '2026-11-25T03:19:26.000000003Z';
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function setup(options: Partial<HubOptions> = {}): Promise<{ t: TestHub; agent: FakeAgent }> {
  const t = new TestHub({ options });
  const agent = await t.agent({ name: 'web-1', containers: [web] });
  return { t, agent };
}

/** Subscribes and lets the agent's log.stream.start go through, as time would. */
async function subscribed(viewer: FakeViewer, data: DataOf<'logs.subscribe'>) {
  const reply = await viewer.subscribe(data);
  await settle();
  return reply;
}

/** A viewer followed ten lines, then the manager shut down and started again on the same store. */
async function restartAfterTenLines(): Promise<{ agent: FakeAgent; restarted: TestHub }> {
  const { t, agent } = await setup();
  await subscribed(t.viewer(), subscription('s'));
  agent.write(web.id, 10);
  await t.hub.close();
  return { agent, restarted: new TestHub({ store: t.store }) };
}

const subscription = (sub: string, extra: { fromSeq?: number; tail?: number } = {}) => ({
  sub,
  agent: 'web-1',
  container: 'web',
  ...extra,
});

describe('a first subscriber', () => {
  it('starts the agent stream fresh and gets history, then live lines', async () => {
    const { t, agent } = await setup();
    agent.write(web.id, 5);
    const viewer = t.viewer();
    const reply = await viewer.subscribe(subscription('s'));
    expect(reply).toEqual({ sub: 's', container: web.id, agent: agent.id, firstSeq: 0, nextSeq: 0 });
    await settle();
    expect(agent.startRequests).toEqual([{ container: web.id, tail: 1000, nextSeq: 0 }]);
    agent.write(web.id, 3);
    expect(viewer.seqs('s')).toEqual(range(0, 8));
    expect(viewer.sub('s').historyDone).toBe(true);

    const late = t.viewer();
    expect(await late.subscribe(subscription('s'))).toMatchObject({ firstSeq: 0, nextSeq: 8 });
    expect(late.sub('s').historyFrames).toBe(1);
    expect(late.seqs('s')).toEqual(range(0, 8));
    expect(agent.startRequests).toHaveLength(1);
  });
});

describe('history and live', () => {
  it('neither overlap nor leave a hole while lines keep arriving', async () => {
    const { t, agent } = await setup();
    const viewers = [];
    const replies = [];
    for (let i = 0; i < 20; i++) {
      agent.write(web.id, 3);
      const viewer = t.viewer();
      viewers.push(viewer);
      replies.push(viewer.subscribe(subscription(`s${i}`)));
      agent.write(web.id, 2);
      if (i % 3 === 0) await settle(1);
    }
    await Promise.all(replies);
    agent.write(web.id, 10);
    // Twenty viewers: what is still gathered for the next paced fan-out goes out.
    await t.clock.advance(50);
    const total = 20 * 5 + 10;
    viewers.forEach((viewer, i) => {
      expect(viewer.seqs(`s${i}`)).toEqual(range(0, total));
      expect(viewer.sub(`s${i}`).batchesBeforeHistoryDone).toBe(0);
    });
  });

  it('reach 200 subscribers of one stream, each with every line in order', async () => {
    const { t, agent } = await setup();
    const viewers = Array.from({ length: 200 }, () => t.viewer('viewer', { validate: false }));
    await Promise.all(viewers.map((viewer) => viewer.subscribe(subscription('s'))));
    for (let i = 0; i < 40; i++) agent.write(web.id, 50);
    await t.clock.advance(50);
    for (const viewer of viewers) expect(viewer.seqs('s')).toEqual(range(0, 2000));
    expect(t.hub.stats()).toMatchObject({ topics: 1, subscriptions: 200, queuedEntries: 0 });
    expect(agent.startRequests).toHaveLength(1);
  });
});

describe('paced fan-out', () => {
  it('with many viewers gathers small batches into one frame each, and a late viewer gets them once', async () => {
    // 100 viewers at 20,000 frames/s: one fan-out every 5 ms.
    const { t, agent } = await setup({ fanOutFramesPerSecond: 20_000 });
    const viewers = Array.from({ length: 100 }, () => t.viewer('viewer', { validate: false }));
    await Promise.all(viewers.map((viewer) => viewer.subscribe(subscription('s'))));
    await settle();
    agent.write(web.id, 1);
    const framesAfterFirst = viewers[0]!.sub('s').batchFrames;
    // The first batch after a quiet spell goes at once; the next ones wait for the spacing.
    expect(viewers[0]!.seqs('s')).toEqual([0]);
    for (let i = 0; i < 10; i++) agent.write(web.id, 1);
    expect(viewers[0]!.seqs('s')).toEqual([0]);

    const late = t.viewer();
    await late.subscribe(subscription('s'));
    // Joining flushed what was gathered: everyone has it, the new viewer as history only.
    expect(late.seqs('s')).toEqual(range(0, 11));
    expect(late.sub('s').batchesBeforeHistoryDone).toBe(0);
    for (const viewer of viewers) expect(viewer.seqs('s')).toEqual(range(0, 11));
    expect(viewers[0]!.sub('s').batchFrames).toBe(framesAfterFirst + 1);

    for (let i = 0; i < 10; i++) agent.write(web.id, 1);
    await t.clock.advance(4);
    expect(viewers[0]!.seqs('s')).toHaveLength(11);
    // 101 viewers now: 5.05 ms apart.
    await t.clock.advance(2);
    for (const viewer of [...viewers, late]) expect(viewer.seqs('s')).toEqual(range(0, 21));
    expect(viewers[0]!.sub('s').batchFrames).toBe(framesAfterFirst + 2);
  });
});

describe('a stalled subscriber', () => {
  it('gets a gap while the others keep up, and its queue stays within bounds', async () => {
    const { t, agent } = await setup({ subscriberQueueLines: 100 });
    const [fast, stalled, alsoFast] = [t.viewer(), t.viewer(), t.viewer()];
    for (const viewer of [fast, stalled, alsoFast]) await subscribed(viewer!, subscription('s'));
    stalled!.conn.bufferedAmount = 50 * 1024 * 1024;
    for (let i = 0; i < 100; i++) {
      agent.write(web.id, 10);
      if (i % 10 === 0) await t.clock.advance(25);
      expect(t.hub.stats().queuedEntries).toBeLessThanOrEqual(100);
    }
    expect(fast!.seqs('s')).toEqual(range(0, 1000));
    expect(alsoFast!.seqs('s')).toEqual(range(0, 1000));
    const before = stalled!.seqs('s').length;
    expect(before).toBeLessThan(1000);

    stalled!.conn.bufferedAmount = 0;
    await t.clock.advance(25);
    const { gaps } = stalled!.sub('s');
    expect(gaps).toEqual([
      { sub: 's', fromSeq: before, toSeq: 899, count: 900 - before, reason: 'subscriber_behind' },
    ]);
    expect(stalled!.seqs('s')).toEqual([...range(0, before), ...range(900, 1000)]);
    expect(t.hub.stats().queuedEntries).toBe(0);
    agent.write(web.id, 1);
    expect(stalled!.seqs('s').at(-1)).toBe(1000);
  });
});

describe('a resuming viewer', () => {
  it('gets exactly the lines it is missing', async () => {
    const { t, agent } = await setup();
    const first = t.viewer();
    await subscribed(first, subscription('s'));
    agent.write(web.id, 50);
    const resumed = t.viewer();
    expect(await resumed.subscribe(subscription('s', { fromSeq: 30 }))).toMatchObject({
      firstSeq: 0,
      nextSeq: 50,
    });
    agent.write(web.id, 5);
    expect(resumed.seqs('s')).toEqual(range(30, 55));
    expect(resumed.sub('s').gaps).toEqual([]);
  });

  it('is told when the ring no longer holds the start, then gets what it holds', async () => {
    const { t, agent } = await setup({ ringLines: 20 });
    await subscribed(t.viewer(), subscription('s'));
    agent.write(web.id, 50);
    const resumed = t.viewer();
    expect(await resumed.subscribe(subscription('s', { fromSeq: 10 }))).toMatchObject({
      firstSeq: 30,
      nextSeq: 50,
    });
    expect(resumed.sub('s').gaps).toEqual([
      { sub: 's', fromSeq: 10, toSeq: 29, count: 20, reason: 'ring_evicted' },
    ]);
    expect(resumed.seqs('s')).toEqual(range(30, 50));
  });

  it('a tail asks for the last lines only', async () => {
    const { t, agent } = await setup();
    await subscribed(t.viewer(), subscription('s'));
    agent.write(web.id, 50);
    const tailing = t.viewer();
    await subscribed(tailing, subscription('s', { tail: 5 }));
    expect(tailing.seqs('s')).toEqual(range(45, 50));
  });
});

describe('reference counting', () => {
  it('stops the stream a linger after the last viewer leaves, by unsubscribe or by close', async () => {
    const { t, agent } = await setup();
    const [a, b] = [t.viewer(), t.viewer()];
    await subscribed(a, subscription('s'));
    await subscribed(b, subscription('s'));
    agent.write(web.id, 3);
    expect(await a.unsubscribe('s')).toEqual({ sub: 's' });
    await t.clock.advance(10_000);
    expect(agent.streams.has(web.id)).toBe(true);
    b.close();
    await t.clock.advance(4_999);
    expect(agent.streams.has(web.id)).toBe(true);
    await t.clock.advance(1);
    expect(agent.streams.has(web.id)).toBe(false);
    expect(t.hub.stats().topics).toBe(0);
    expect(await t.store.logCursors.get(agent.id, web.id)).toMatchObject({ seq: 2, countAtTs: 1 });
  });

  it('a viewer arriving during the linger keeps the stream going', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 3);
    await viewer.unsubscribe('s');
    await t.clock.advance(4_000);
    await subscribed(viewer, subscription('s2'));
    await t.clock.advance(10_000);
    expect(agent.streams.has(web.id)).toBe(true);
    expect(agent.startRequests).toHaveLength(1);
    expect(viewer.seqs('s2')).toEqual([0, 1, 2]);
  });
});

describe('an agent reconnect', () => {
  it('re-requests every active stream from its cursor, losing and repeating nothing', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 7);
    agent.write(web.id, 3, { sameTs: true });
    agent.disconnect();
    expect(viewer.sub('s').statuses).toEqual([{ sub: 's', state: 'agent_offline' }]);

    const back = await t.reconnect(agent);
    const last = viewer.lines('s')[9]!.ts;
    expect(back.startRequests).toEqual([
      {
        container: web.id,
        resume: { seq: 9, ts: last, countAtTs: 3, streams: { stdout: { ts: last, countAtTs: 3 } } },
      },
    ]);
    expect(viewer.sub('s').statuses.map((s) => s.state)).toEqual(['agent_offline', 'live']);
    back.write(web.id, 4);
    expect(viewer.seqs('s')).toEqual(range(0, 14));
  });

  it('resumes each stream from its own newest line, which markers and gaps do not move', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    // Docker stored stderr's line after a newer stdout line: out of order across streams.
    agent.pushEntries(web.id, [
      { kind: 'line', seq: 0, ts: T2, stream: 'stdout', text: 'out' },
      { kind: 'line', seq: 1, ts: T1, stream: 'stderr', text: 'err' },
      { kind: 'line', seq: 2, ts: T2, stream: 'stdout', text: 'out again' },
      { kind: 'gap', fromSeq: 3, toSeq: 4, reason: 'agent_backpressure' },
      { kind: 'restart', afterSeq: 4, ts: T3 },
    ]);
    agent.disconnect();
    const back = await t.reconnect(agent);
    expect(back.startRequests[0]?.resume).toEqual({
      seq: 2,
      ts: T2,
      countAtTs: 1,
      streams: { stdout: { ts: T2, countAtTs: 2 }, stderr: { ts: T1, countAtTs: 1 } },
    });
  });

  it('catches up with what Docker stored while the agent was away', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 5);
    agent.disconnect();
    agent.write(web.id, 4);
    await t.reconnect(agent);
    expect(viewer.seqs('s')).toEqual(range(0, 9));
    expect(viewer.lines('s').map((l) => l.text)).toEqual(range(0, 9).map((n) => `line ${n}`));
  });
});

describe('a manager restart', () => {
  it('persists cursors and resumes a returning viewer with the same numbering', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 20);
    await t.clock.advance(1_000);
    expect(await t.store.logCursors.get(agent.id, web.id)).toMatchObject({ seq: 19 });
    agent.write(web.id, 5);
    await t.hub.close();
    expect(viewer.conn.closed?.code).toBe(CLOSE_CODES.goingAway);
    expect(agent.conn.closed?.code).toBe(CLOSE_CODES.goingAway);
    expect(await t.store.logCursors.get(agent.id, web.id)).toMatchObject({ seq: 24 });

    const restarted = new TestHub({ store: t.store });
    agent.write(web.id, 3);
    const back = await restarted.reconnect(agent);
    const returning = restarted.viewer();
    expect(await returning.subscribe({ ...subscription('s'), fromSeq: 25 })).toMatchObject({ nextSeq: 25 });
    await settle();
    expect(back.startRequests[0]).toMatchObject({ container: web.id, resume: { seq: 24 } });
    expect(returning.seqs('s')).toEqual(range(25, 28));
    expect(returning.sub('s').gaps).toEqual([]);
  });

  it('a returning viewer asking by name before the agent has listed its containers waits for the list', async () => {
    const { agent, restarted } = await restartAfterTenLines();
    const early = restarted.viewer();
    await expect(early.subscribe({ ...subscription('s'), fromSeq: 10 })).rejects.toMatchObject({
      code: 'agent_offline',
    });
    const back = await restarted.reconnect(agent, { hold: ['container.list'] });
    const returning = restarted.viewer();
    let reply: unknown;
    const replied = returning.subscribe({ ...subscription('s'), fromSeq: 10 }).then((r) => {
      reply = r;
    });
    await settle();
    expect(reply, 'no answer while the list is on its way').toBeUndefined();
    back.answer(back.held[0]!, { containers: [web] });
    await replied;
    expect(reply).toMatchObject({ container: web.id, nextSeq: 10 });
    back.write(web.id, 2);
    await settle();
    expect(returning.seqs('s')).toEqual(range(10, 12));
  });

  it('persists the positions per stream, and resumes a cursor stored without them as before', async () => {
    const { agent, restarted } = await restartAfterTenLines();
    const stored = await restarted.store.logCursors.get(agent.id, web.id);
    expect(stored).toMatchObject({ seq: 9, streams: { stdout: { ts: stored?.ts, countAtTs: 1 } } });
    const { streams: _positions, ...older } = stored!;
    await restarted.store.logCursors.put([older]);
    const back = await restarted.reconnect(agent);
    await subscribed(restarted.viewer(), { ...subscription('s'), fromSeq: 10 });
    expect(back.startRequests[0]).toEqual({
      container: web.id,
      resume: { seq: 9, ts: stored?.ts, countAtTs: 1 },
    });
  });

  it('numbers a fresh viewer’s tail on from the persisted cursor', async () => {
    const { agent, restarted } = await restartAfterTenLines();
    const back = await restarted.reconnect(agent);
    const viewer = restarted.viewer();
    await subscribed(viewer, subscription('s', { tail: 3 }));
    await settle();
    expect(back.startRequests[0]).toEqual({ container: web.id, tail: 1000, nextSeq: 10 });
    expect(viewer.seqs('s')).toEqual(range(10, 20));
  });
});

describe('what the agent sends', () => {
  it('repeats are dropped by seq', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 5);
    const again = viewer.lines('s').slice(2);
    agent.pushEntries(web.id, [...again, { ...again[0]!, seq: 5, text: 'new' }]);
    expect(viewer.seqs('s')).toEqual(range(0, 6));
  });

  it('an end marker is forwarded, then the topic closes and its cursor goes', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.write(web.id, 2);
    await t.clock.advance(1_000);
    expect(await t.store.logCursors.get(agent.id, web.id)).toBeDefined();
    agent.pushEntries(web.id, [{ kind: 'end', afterSeq: 1, reason: 'removed' }]);
    expect(viewer.sub('s').entries.at(-1)).toEqual({ kind: 'end', afterSeq: 1, reason: 'removed' });
    expect(t.hub.stats().topics).toBe(0);
    await settle();
    expect(await t.store.logCursors.get(agent.id, web.id)).toBeUndefined();
    expect(await viewer.unsubscribe('s')).toEqual({ sub: 's' });
  });

  it('Docker going away and coming back is reported to viewers', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    agent.push('docker.status', { available: false, message: 'daemon down' });
    agent.push('docker.status', { available: true });
    expect(viewer.sub('s').statuses).toEqual([
      { sub: 's', state: 'docker_unavailable', message: 'daemon down' },
      { sub: 's', state: 'live' },
    ]);
  });

  it('a stream that cannot start ends for its viewers; a stream error is passed on', async () => {
    const { t, agent } = await setup();
    agent.hold('log.stream.start');
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    await settle();
    agent.fail(agent.held[0]!, { code: 'not_found', message: 'no such container' });
    await settle();
    expect(viewer.sub('s').statuses).toEqual([{ sub: 's', state: 'ended', message: 'no such container' }]);
    expect(t.hub.stats().topics).toBe(0);

    agent.release('log.stream.start');
    await subscribed(viewer, subscription('s2'));
    await settle();
    agent.push('log.stream.error', {
      container: web.id,
      error: { code: 'internal', message: 'misaligned stream' },
      retrying: true,
    });
    expect(viewer.sub('s2').statuses).toEqual([{ sub: 's2', state: 'live', message: 'misaligned stream' }]);
  });

  it('a start that times out is retried while viewers remain', async () => {
    const { t, agent } = await setup();
    agent.hold('log.stream.start');
    const viewer = t.viewer();
    await subscribed(viewer, subscription('s'));
    await t.clock.advance(30_000);
    agent.release('log.stream.start');
    await t.clock.advance(5_000);
    expect(agent.startRequests).toHaveLength(1);
    agent.write(web.id, 2);
    expect(viewer.seqs('s')).toEqual([0, 1]);
  });
});

describe('an agent sending packed batches', () => {
  it('is offered them in its welcome, and its viewers get the same entries as from per-entry batches', async () => {
    const t = new TestHub();
    const packed = await t.agent({ name: 'web-1', containers: [web], packed: true });
    const plain = await t.agent({ name: 'web-2', containers: [web] });
    expect(packed.welcome?.packedBatches).toBe(true);
    const packedViewer = t.viewer();
    const plainViewer = t.viewer();
    await subscribed(packedViewer, subscription('s'));
    await subscribed(plainViewer, { ...subscription('s'), agent: 'web-2' });
    packed.write(web.id, 1500);
    plain.write(web.id, 1500);
    expect(packed.pushed.filter((subject) => subject.startsWith('log.'))).toEqual([
      'log.batch.packed',
      'log.batch.packed',
    ]);
    expect(plain.pushed).not.toContain('log.batch.packed');
    expect(packedViewer.seqs('s')).toEqual(range(0, 1500));
    expect(packedViewer.sub('s').entries).toEqual(plainViewer.sub('s').entries);
  });
});

describe('a viewer asking for packed batches', () => {
  it('gets live lines packed and markers per entry: the same entries a plain viewer gets', async () => {
    const { t, agent } = await setup();
    agent.write(web.id, 5);
    const packed = t.viewer();
    const plain = t.viewer();
    await subscribed(packed, { ...subscription('s'), packed: true });
    await subscribed(plain, subscription('s'));
    agent.write(web.id, 1200);
    agent.pushEntries(web.id, [{ kind: 'gap', fromSeq: 1205, toSeq: 1206, reason: 'docker_behind' }]);
    agent.pushEntries(web.id, [{ kind: 'line', seq: 1207, ts: T1, stream: 'stderr', text: 'after' }]);
    expect(packed.sub('s').entries).toEqual(plain.sub('s').entries);
    expect(packed.seqs('s')).toEqual([...range(0, 1205), 1207]);
    expect(packed.sub('s').entries.some((entry) => entry.kind === 'gap')).toBe(true);
    // History and the gap's batch go per entry; every batch of lines alone goes packed.
    expect(packed.sub('s').packedFrames).toBe(packed.sub('s').batchFrames - 1);
    expect(packed.sub('s').packedFrames).toBeGreaterThan(0);
    expect(plain.sub('s').packedFrames).toBe(0);
  });
});
