import type { ContainerEvent, ContainerSummary } from '@bosun/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContainerTimes, type RunTimes } from './container-times.ts';

const T0 = '2026-12-05T10:00:00.000000000Z';
const T1 = '2026-12-05T10:05:00.000000000Z';
const T2 = '2026-12-05T10:10:00.123456789Z';

const id = (n: number) => n.toString(16).padStart(64, '0');

/** An inspect function whose answers the test gives, per call, whenever it likes. */
function heldInspect() {
  const calls: Array<{ id: string; answer(times: RunTimes | undefined): void; fail(err: unknown): void }> =
    [];
  let active = 0;
  let peak = 0;
  const inspect = (cid: string) =>
    new Promise<RunTimes | undefined>((resolve, reject) => {
      active++;
      peak = Math.max(peak, active);
      const done = () => active--;
      calls.push({
        id: cid,
        answer: (times) => {
          done();
          resolve(times);
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
    });
  return {
    inspect,
    calls,
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
  };
}

// Lets queued promise callbacks run, so inspections waiting for a slot can start.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function event(
  action: ContainerEvent['action'],
  cid: string,
  at: string,
  extra: Partial<ContainerEvent> = {},
) {
  return { id: cid, name: 'job', action, at, ...extra } satisfies ContainerEvent;
}

function summary(cid: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: cid,
    name: 'job',
    image: 'busybox',
    state: 'running',
    status: 'Up Less than a second',
    createdAt: 1,
    ports: [],
    labels: {},
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ContainerTimes: filling from inspect', () => {
  it('inspects the containers it does not know, never more than the bound at once', async () => {
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect, { concurrency: 3 });
    const ids = Array.from({ length: 10 }, (_, i) => id(i));
    const synced = times.sync(ids);
    await settle();
    expect(held.calls).toHaveLength(3);
    // Answer one at a time: each answer lets exactly one waiting inspection start.
    for (let answered = 0; answered < 10; answered++) {
      held.calls[answered]!.answer({ startedAt: T0 });
      await settle();
      expect(held.calls.length).toBe(Math.min(10, answered + 4));
      expect(held.active).toBeLessThanOrEqual(3);
    }
    await synced;
    expect(held.peak).toBe(3);
    expect(ids.map((cid) => times.get(cid))).toEqual(ids.map(() => ({ startedAt: T0 })));
    expect(held.active).toBe(0);
  });

  it('does not inspect again what it knows, nor twice what it is already reading', async () => {
    const inspect = vi.fn(async (_cid: string): Promise<RunTimes> => ({ startedAt: T0 }));
    const times = new ContainerTimes(inspect);
    await Promise.all([times.ensure(id(1)), times.ensure(id(1)), times.sync([id(1), id(2)])]);
    await times.sync([id(1), id(2)]);
    expect(inspect.mock.calls.map(([cid]) => cid)).toEqual([id(1), id(2)]);
  });

  it('forgets the containers a list no longer names', async () => {
    const times = new ContainerTimes(async () => ({ startedAt: T0 }));
    await times.sync([id(1), id(2), id(3)]);
    await times.sync([id(2)]);
    expect(times.get(id(1))).toBeUndefined();
    expect(times.get(id(2))).toEqual({ startedAt: T0 });
    expect(times.get(id(3))).toBeUndefined();
  });

  it('leaves a container unknown when its inspection fails, and tries again next time', async () => {
    const inspect = vi
      .fn<(cid: string) => Promise<RunTimes | undefined>>()
      .mockRejectedValueOnce(Object.assign(new Error('boom'), { statusCode: 500 }))
      .mockResolvedValue({ startedAt: T0 });
    const times = new ContainerTimes(inspect);
    await times.ensure(id(1));
    expect(times.get(id(1))).toBeUndefined();
    await times.ensure(id(1));
    expect(times.get(id(1))).toEqual({ startedAt: T0 });
  });

  it('remembers nothing for a container that is gone, keeping its room for others', async () => {
    const times = new ContainerTimes(async (cid) => (cid === id(1) ? undefined : { startedAt: T0 }), {
      maxEntries: 1,
    });
    await times.ensure(id(1));
    expect(times.get(id(1))).toBeUndefined();
    await times.ensure(id(2));
    expect(times.get(id(2))).toEqual({ startedAt: T0 });
  });

  it('gives up on an inspection past its deadline and frees its slot', async () => {
    vi.useFakeTimers();
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect, { concurrency: 1, inspectTimeoutMs: 1_000 });
    const first = times.ensure(id(1));
    const second = times.ensure(id(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(held.calls.map((c) => c.id)).toEqual([id(1)]);
    await vi.advanceTimersByTimeAsync(1_000);
    await first;
    expect(times.get(id(1))).toBeUndefined();
    expect(held.calls.map((c) => c.id)).toEqual([id(1), id(2)]);
    held.calls[1]!.answer({ startedAt: T1 });
    await second;
    expect(times.get(id(2))).toEqual({ startedAt: T1 });
  });

  it('lets a list go after its wait while the inspections finish behind it', async () => {
    vi.useFakeTimers();
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect, { inspectTimeoutMs: 60_000 });
    let listed = false;
    const synced = times.sync([id(1), id(2)], 500).then(() => {
      listed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    held.calls[0]!.answer({ startedAt: T0 });
    await vi.advanceTimersByTimeAsync(499);
    expect(listed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await synced;
    expect(times.get(id(1))).toEqual({ startedAt: T0 });
    expect(times.get(id(2))).toBeUndefined();
    held.calls[1]!.answer({ startedAt: T1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(times.get(id(2))).toEqual({ startedAt: T1 });
  });

  it('stops at its bound: newcomers are neither inspected nor remembered', async () => {
    const inspect = vi.fn(async () => ({ startedAt: T0 }));
    const times = new ContainerTimes(inspect, { maxEntries: 2 });
    await times.sync([id(1), id(2), id(3)]);
    expect([id(1), id(2), id(3)].map((cid) => times.get(cid))).toEqual([
      { startedAt: T0 },
      { startedAt: T0 },
      undefined,
    ]);
    expect(inspect).toHaveBeenCalledTimes(2);
    times.observe(event('start', id(4), T1));
    expect(times.get(id(4))).toBeUndefined();
    // Known entries still follow their events.
    times.observe(event('start', id(1), T1));
    expect(times.get(id(1))).toEqual({ startedAt: T1 });
  });
});

describe('ContainerTimes: events', () => {
  it('takes the start time from `start` and the finish and exit code from `die`', () => {
    const times = new ContainerTimes(async () => undefined);
    times.observe(event('start', id(1), T0));
    expect(times.get(id(1))).toEqual({ startedAt: T0 });
    times.observe(event('die', id(1), T1, { exitCode: 137 }));
    expect(times.get(id(1))).toEqual({ startedAt: T0, finishedAt: T1, exitCode: 137 });
    times.observe(event('start', id(1), T2));
    expect(times.get(id(1))).toEqual({ startedAt: T2, finishedAt: T1, exitCode: 137 });
  });

  it('knows a created container has no times, without inspecting it', async () => {
    const inspect = vi.fn(async () => ({ startedAt: T0 }));
    const times = new ContainerTimes(inspect);
    times.observe(event('create', id(1), T0));
    await times.ensure(id(1));
    expect(inspect).not.toHaveBeenCalled();
    expect(times.get(id(1))).toEqual({});
  });

  it('ignores events that change no time', () => {
    const times = new ContainerTimes(async () => undefined);
    times.observe(event('start', id(1), T0));
    for (const action of ['pause', 'unpause', 'health_status', 'rename', 'kill', 'stop'] as const) {
      times.observe(event(action, id(1), T2));
    }
    expect(times.get(id(1))).toEqual({ startedAt: T0 });
  });

  it('forgets a destroyed container, and drops the answer of an inspection still under way', async () => {
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect);
    times.observe(event('start', id(1), T0));
    times.observe(event('destroy', id(1), T1));
    expect(times.get(id(1))).toBeUndefined();

    const filling = times.ensure(id(2));
    await settle();
    times.observe(event('destroy', id(2), T1));
    held.calls[0]!.answer({ startedAt: T0 });
    await filling;
    expect(times.get(id(2))).toBeUndefined();
  });

  it('keeps an event’s time when an older inspection answers after it', async () => {
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect);
    const filling = times.ensure(id(1));
    await settle();
    times.observe(event('start', id(1), T2));
    // Docker answered the inspection before the restart: the previous run's times.
    held.calls[0]!.answer({ startedAt: T0, finishedAt: T1, exitCode: 1 });
    await filling;
    expect(times.get(id(1))).toEqual({ startedAt: T2, finishedAt: T1, exitCode: 1 });
  });

  it('compares times, not text, across sources that write them differently', () => {
    const times = new ContainerTimes(async () => undefined);
    times.learn(id(1), { startedAt: '2026-12-05T10:00:00.5Z' });
    times.learn(id(1), { startedAt: '2026-12-05T10:00:00.400000000Z' });
    expect(times.get(id(1))).toEqual({ startedAt: '2026-12-05T10:00:00.5Z' });
    times.learn(id(1), { startedAt: '2026-12-05T10:00:01Z' });
    expect(times.get(id(1))).toEqual({ startedAt: '2026-12-05T10:00:01Z' });
  });

  it('forgets everything on clear, answers under way included', async () => {
    const held = heldInspect();
    const times = new ContainerTimes(held.inspect);
    times.observe(event('start', id(1), T0));
    const filling = times.ensure(id(2));
    await settle();
    times.clear();
    held.calls[0]!.answer({ startedAt: T0 });
    await filling;
    expect(times.get(id(1))).toBeUndefined();
    expect(times.get(id(2))).toBeUndefined();
  });
});

describe('ContainerTimes.apply', () => {
  it('puts the known times on a summary', () => {
    const times = new ContainerTimes(async () => undefined);
    times.observe(event('start', id(1), T0));
    times.observe(event('die', id(1), T1, { exitCode: 2 }));
    expect(times.apply(summary(id(1), { state: 'exited' }))).toEqual(
      summary(id(1), { state: 'exited', startedAt: T0, finishedAt: T1, exitCode: 2 }),
    );
  });

  it('sends no exit code without the finish it belongs to', () => {
    const times = new ContainerTimes(async () => undefined);
    times.learn(id(1), { startedAt: T0, exitCode: 3 });
    expect(times.apply(summary(id(1)))).toEqual(summary(id(1), { startedAt: T0 }));
  });

  it('leaves a summary without times when it knows none, dropping any it carried', () => {
    const times = new ContainerTimes(async () => undefined);
    expect(times.apply(summary(id(1), { startedAt: T0 }))).toEqual(summary(id(1)));
    times.observe(event('create', id(2), T0));
    expect(times.apply(summary(id(2), { state: 'created' }))).toEqual(summary(id(2), { state: 'created' }));
  });
});
