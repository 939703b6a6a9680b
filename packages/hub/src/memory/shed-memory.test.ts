import { CLOSE_CODES, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { HubOptions } from '../hub-options.ts';
import { settle } from '../testing/fake-clock.ts';
import type { FakeViewer } from '../testing/fake-viewer.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';
import { ENTRY_OVERHEAD_BYTES } from './memory-budget.ts';

const web = containerSummary('web');
const db = containerSummary('db');
// About 100 bytes of text per line: the fake agent writes "<prefix> <seq>".
const PREFIX = 'x'.repeat(96);
const ENTRY = 100 + ENTRY_OVERHEAD_BYTES;
/** What the budget counts for lines `from` to `to - 1` of one container. */
const linesCost = (from: number, to: number) =>
  range(from, to).reduce((sum, seq) => sum + `${PREFIX} ${seq}`.length + ENTRY_OVERHEAD_BYTES, 0);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function setup(options: Partial<HubOptions>) {
  const t = new TestHub({ options: { memorySampleMs: 100, ...options } });
  const agent = await t.agent({ name: 'web-1', containers: [web, db] });
  const write = (container: string, count: number) => agent.write(container, count, { prefix: PREFIX });
  return { t, agent, write };
}

async function subscribed(viewer: FakeViewer, container: string, extra: { fromSeq?: number } = {}) {
  const reply = await viewer.subscribe({ sub: 's', agent: 'web-1', container, ...extra });
  await settle();
  return reply;
}

async function viewerTail(viewer: FakeViewer, tail: number) {
  await viewer.subscribe({ sub: 's', agent: 'web-1', container: web.id, tail });
  await settle();
}

/** Every seq below `count` reached the viewer exactly once, as a line or inside a gap; none twice. */
function accountedFor(viewer: FakeViewer, count: number): void {
  const seen = new Map<number, number>();
  for (const seq of viewer.seqs('s')) seen.set(seq, (seen.get(seq) ?? 0) + 1);
  for (const gap of viewer.sub('s').gaps) {
    expect(gap.count).toBe(gap.toSeq - gap.fromSeq + 1);
    for (let seq = gap.fromSeq; seq <= gap.toSeq; seq++) seen.set(seq, (seen.get(seq) ?? 0) + 1);
  }
  expect([...seen.keys()].sort((a, b) => a - b)).toEqual(range(0, count));
  expect([...seen.values()].every((times) => times === 1)).toBe(true);
}

describe('the memory budget', () => {
  it('counts ring and queue entries as they come and go, text plus a fixed overhead each', async () => {
    const { t, write } = await setup({ viewerHighWaterBytes: 1 });
    const [fast, stalled] = [t.viewer(), t.viewer()];
    await subscribed(fast, web.id);
    write(web.id, 10);
    // A viewer whose socket is already backed up gets its history queued.
    stalled.conn.bufferedAmount = 1;
    await subscribed(stalled, web.id);
    const { byKind, limitBytes } = t.hub.memory();
    expect(limitBytes).toBe(256 * 1024 * 1024);
    expect(t.hub.stats().queuedEntries).toBe(10);
    expect(byKind.rings).toBe(t.hub.stats().queuedBytes + 10 * ENTRY_OVERHEAD_BYTES);
    expect(byKind.queues).toBe(byKind.rings);
    expect(byKind.sockets).toBe(1);

    stalled.close();
    fast.close();
    await t.clock.advance(t.hub.options.lingerMs);
    expect(t.hub.memory().byKind).toMatchObject({ rings: 0, queues: 0 });
  });

  it('does not count a stalled viewer’s live entries twice: they wait in the ring, not a queue', async () => {
    const { t, write } = await setup({ viewerHighWaterBytes: 1 });
    const [fast, stalled] = [t.viewer(), t.viewer()];
    await subscribed(fast, web.id);
    await subscribed(stalled, web.id);
    stalled.conn.bufferedAmount = 1;
    write(web.id, 10);
    expect(t.hub.memory().byKind.queues).toBe(0);
    expect(t.hub.memory().byKind.rings).toBe(linesCost(0, 10));

    stalled.conn.bufferedAmount = 0;
    await t.clock.advance(t.hub.options.drainIntervalMs);
    expect(stalled.seqs('s')).toEqual(range(0, 10));
    expect(stalled.sub('s').gaps).toEqual([]);
  });
});

describe('past the memory budget', () => {
  it('first drops the biggest queue, and its viewer hears a gap naming exactly what it missed', async () => {
    const { t, write } = await setup({ memoryBudgetBytes: 60 * ENTRY, viewerHighWaterBytes: 1 });
    const [fast, slow, stalled] = [t.viewer(), t.viewer(), t.viewer()];
    await subscribed(fast, web.id);
    write(web.id, 30);
    // Backed-up sockets from the start: their history waits in their queues.
    stalled.conn.bufferedAmount = 1;
    await subscribed(stalled, web.id);
    slow.conn.bufferedAmount = 1;
    await viewerTail(slow, 20);
    // Ring 31, stalled queue 30, slow queue 20: 81 entries, over 60.
    write(web.id, 1);

    expect(t.hub.memory().shed).toMatchObject({ queues: 1, sockets: 0, lingeringRings: 0, rings: 0 });
    expect(t.hub.stats().queuedEntries).toBe(20);
    expect(fast.seqs('s')).toEqual(range(0, 31));

    stalled.conn.bufferedAmount = 0;
    slow.conn.bufferedAmount = 0;
    await t.clock.advance(t.hub.options.drainIntervalMs);
    expect(stalled.sub('s').gaps).toEqual([
      { sub: 's', fromSeq: 0, toSeq: 29, count: 30, reason: 'subscriber_behind' },
    ]);
    expect(slow.seqs('s')).toEqual(range(10, 31));
    for (const viewer of [fast, stalled]) accountedFor(viewer, 31);
  });

  it('then closes the sockets holding the most unsent bytes; their viewers resume from the ring', async () => {
    const { t, write } = await setup({
      memoryBudgetBytes: 100 * ENTRY,
      viewerHighWaterBytes: 10 * ENTRY,
      subscriberQueueLines: 20,
    });
    const [fast, stalled, lagging] = [t.viewer(), t.viewer(), t.viewer()];
    for (const viewer of [fast, stalled, lagging]) await subscribed(viewer, web.id);
    write(web.id, 10);
    // A socket this far behind cannot be helped by dropping its queue.
    stalled.conn.bufferedAmount = 120 * ENTRY;
    lagging.conn.bufferedAmount = 10 * ENTRY;
    await t.clock.advance(100);
    write(web.id, 10);
    await settle();

    expect(stalled.conn.closed).toEqual({
      code: CLOSE_CODES.goingAway,
      reason: 'too far behind while the manager is over its memory budget',
    });
    expect(lagging.conn.closed).toBeUndefined();
    // Neither queued its live entries (both parked on the ring): there was no queue to drop.
    expect(t.hub.memory().shed).toMatchObject({ queues: 0, sockets: 1 });
    expect(fast.seqs('s')).toEqual(range(0, 20));
    lagging.conn.bufferedAmount = 0;
    await t.clock.advance(t.hub.options.drainIntervalMs);
    expect(lagging.seqs('s')).toEqual(range(0, 20));

    const resumed = t.viewer();
    await subscribed(resumed, web.id, { fromSeq: 10 });
    expect(resumed.seqs('s')).toEqual(range(10, 20));
    expect(resumed.sub('s').gaps).toEqual([]);
  });

  it('then empties the rings of topics nobody watches, which resumes there see as ring_evicted', async () => {
    const { t, write } = await setup({ memoryBudgetBytes: 100 * ENTRY });
    const [left, watching] = [t.viewer(), t.viewer()];
    await subscribed(left, db.id);
    write(db.id, 40);
    await subscribed(watching, web.id);
    write(web.id, 40);
    left.close();
    await t.clock.advance(100);
    // db lingers with 40, web has 70 and a viewer: over 100.
    write(web.id, 30);

    expect(t.hub.memory().shed).toMatchObject({ queues: 0, sockets: 0, lingeringRings: 1, rings: 0 });
    expect(t.hub.memory().byKind.rings).toBe(linesCost(0, 70));
    const back = t.viewer();
    await subscribed(back, db.id, { fromSeq: 30 });
    expect(back.sub('s').gaps).toEqual([
      { sub: 's', fromSeq: 30, toSeq: 39, count: 10, reason: 'ring_evicted' },
    ]);
    write(db.id, 1);
    expect(back.seqs('s')).toEqual([40]);
    accountedFor(watching, 70);
  });

  it('then trims the biggest watched rings from their oldest entry', async () => {
    const { t, write } = await setup({ memoryBudgetBytes: 100 * ENTRY });
    const viewer = t.viewer();
    await subscribed(viewer, web.id);
    write(web.id, 90);
    await t.clock.advance(100);
    write(web.id, 20);

    expect(t.hub.memory().shed).toMatchObject({ queues: 0, sockets: 0, lingeringRings: 0, rings: 1 });
    accountedFor(viewer, 110);
    const late = t.viewer();
    await subscribed(late, web.id, { fromSeq: 0 });
    const [evicted] = late.sub('s').gaps;
    // Half the ring's text went, from the oldest: about 55 of 110 lines.
    expect(evicted).toMatchObject({ sub: 's', fromSeq: 0, reason: 'ring_evicted' });
    const kept = (evicted?.toSeq ?? 0) + 1;
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(60);
    expect(late.seqs('s')).toEqual(range(kept, 110));
    expect(t.hub.memory().byKind.rings).toBe(linesCost(kept, 110));
  });

  it('refuses new subscriptions and reads while still over, and takes them again once under', async () => {
    const { t, write } = await setup({ memoryBudgetBytes: 100 * ENTRY });
    const busy = t.viewer();
    await subscribed(busy, web.id);
    write(web.id, 10);
    // Unsent bytes under the high-water mark: nothing the shedding order may take.
    busy.conn.bufferedAmount = 200 * ENTRY;
    await t.clock.advance(100);

    const refused = new ProtocolError(
      'rate_limited',
      'the manager is over its memory budget and takes no new subscriptions: try again later',
    );
    await expect(t.viewer().subscribe({ sub: 's', agent: 'web-1', container: web.id })).rejects.toEqual(
      refused,
    );
    await expect(t.hub.readLogs('web-1', web.id, {}, () => {})).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(t.hub.memory().shed.refused).toBe(2);

    busy.conn.bufferedAmount = 0;
    await t.clock.advance(100);
    const again = t.viewer();
    await subscribed(again, web.id);
    expect(again.seqs('s')).toEqual(range(0, 10));
  });
});
