import { decode, type LogEntry, MAX_BATCH_LINES, MAX_BATCH_TEXT_BYTES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { HubCounters } from '../stats/hub-counters.ts';
import { FakeCatchUpSource } from '../testing/fake-catch-up-source.ts';
import { FakeConnection } from '../testing/fake-connection.ts';
import { logLines } from '../testing/fixtures.ts';
import { Subscriber } from './subscriber.ts';
import { encodeBatch } from './viewer-frames.ts';

type Sent = {
  subject: string;
  data: {
    entries?: LogEntry[];
    done?: boolean;
    fromSeq?: number;
    toSeq?: number;
    count?: number;
    reason?: string;
  };
};

function setup(bounds: Partial<{ queueLines: number; queueBytes: number; highWaterBytes: number }> = {}) {
  const conn = new FakeConnection();
  const subscriber = new Subscriber(
    's1',
    conn,
    {
      queueLines: 100,
      queueBytes: 1 << 20,
      highWaterBytes: 1000,
      ...bounds,
    },
    new HubCounters(),
  );
  const sent = () =>
    conn.sent.map((text) => {
      const decoded = decode(text);
      if (!decoded.ok) throw decoded.error;
      return decoded.frame as unknown as Sent;
    });
  const seqs = () =>
    sent().flatMap((f) => (f.data.entries ?? []).map((e) => (e.kind === 'line' ? e.seq : -1)));
  return { conn, subscriber, sent, seqs };
}

describe('Subscriber history', () => {
  it('comes in frames within the batch bounds, the last one done', () => {
    const { subscriber, sent } = setup({ queueLines: 5000, queueBytes: 64 << 20 });
    const big = 'x'.repeat(1000);
    subscriber.begin(
      logLines(0, 2500, () => big),
      undefined,
      undefined,
    );
    const frames = sent();
    expect(frames.every((f) => f.subject === 'logs.history')).toBe(true);
    expect(frames.map((f) => f.data.done)).toEqual([...Array(frames.length - 1).fill(false), true]);
    for (const frame of frames) {
      expect(frame.data.entries!.length).toBeLessThanOrEqual(MAX_BATCH_LINES);
      expect(frame.data.entries!.length * 1000).toBeLessThanOrEqual(MAX_BATCH_TEXT_BYTES);
    }
    expect(frames.flatMap((f) => f.data.entries!).map((e) => (e.kind === 'line' ? e.seq : -1))).toEqual(
      Array.from({ length: 2500 }, (_, i) => i),
    );
  });

  it('is one empty done frame when there is nothing, after the ring_evicted gap', () => {
    const { subscriber, sent } = setup();
    subscriber.begin([], { fromSeq: 3, toSeq: 9, count: 7 }, 3);
    expect(sent()).toEqual([
      { subject: 'logs.gap', data: { sub: 's1', fromSeq: 3, toSeq: 9, count: 7, reason: 'ring_evicted' } },
      { subject: 'logs.history', data: { sub: 's1', entries: [], done: true } },
    ]);
  });
});

describe('Subscriber live delivery', () => {
  it('skips entries below a resuming viewer’s fromSeq', () => {
    const { subscriber, seqs } = setup();
    subscriber.begin([], undefined, 5);
    subscriber.deliver([encodeBatch(logLines(3, 4))]);
    subscriber.deliver([encodeBatch(logLines(7, 2))]);
    expect(seqs()).toEqual([5, 6, 7, 8]);
  });

  it('queues while the socket is backed up, then drains in order', () => {
    const { conn, subscriber, seqs } = setup();
    subscriber.begin(logLines(0, 3), undefined, undefined);
    conn.bufferedAmount = 5000;
    subscriber.deliver([encodeBatch(logLines(3, 10))]);
    expect(subscriber.hasBacklog).toBe(true);
    expect(subscriber.queuedEntries).toBe(10);
    subscriber.drain();
    expect(seqs()).toEqual([0, 1, 2]);
    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(seqs()).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(subscriber.hasBacklog).toBe(false);
  });

  it('drops the oldest on overflow and says so with one gap before what follows', () => {
    const { conn, subscriber, sent } = setup({ queueLines: 10 });
    conn.bufferedAmount = 5000;
    subscriber.begin(logLines(0, 4), undefined, undefined);
    for (let seq = 4; seq < 30; seq += 2) {
      subscriber.deliver([encodeBatch(logLines(seq, 2))]);
      expect(subscriber.queuedEntries).toBeLessThanOrEqual(10);
    }
    conn.bufferedAmount = 0;
    subscriber.drain();
    const frames = sent();
    expect(frames[0]).toEqual({
      subject: 'logs.gap',
      data: { sub: 's1', fromSeq: 0, toSeq: 19, count: 20, reason: 'subscriber_behind' },
    });
    // The history was all dropped: an empty done frame still precedes the batches.
    expect(frames[1]).toEqual({ subject: 'logs.history', data: { sub: 's1', entries: [], done: true } });
    expect(
      frames
        .slice(2)
        .flatMap((f) => f.data.entries!)
        .map((e) => (e.kind === 'line' ? e.seq : -1)),
    ).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
  });

  it('bounds the queue by bytes too', () => {
    const { conn, subscriber } = setup({ queueLines: 1000, queueBytes: 1000 });
    subscriber.begin([], undefined, undefined);
    conn.bufferedAmount = 5000;
    subscriber.deliver([encodeBatch(logLines(0, 50, () => 'y'.repeat(100)))]);
    expect(subscriber.queuedBytes).toBeLessThanOrEqual(1000);
    expect(subscriber.queuedEntries).toBe(10);
  });

  it('records the most bytes its queue held, which stays once the queue drains', () => {
    const { conn, subscriber } = setup({ queueLines: 1000, queueBytes: 1000 });
    subscriber.begin([], undefined, undefined);
    conn.bufferedAmount = 5000;
    subscriber.deliver([encodeBatch(logLines(0, 4, () => 'y'.repeat(100)))]);
    expect(subscriber.peakBytes).toBe(400);
    subscriber.deliver([encodeBatch(logLines(4, 50, () => 'y'.repeat(100)))]);
    expect(subscriber.peakBytes).toBe(1000);
    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(subscriber.queuedBytes).toBe(0);
    expect(subscriber.peakBytes).toBe(1000);
  });
});

describe('Subscriber on a stalled socket, with its topic to catch up from', () => {
  function parkedSetup() {
    const bed = setup();
    const source = new FakeCatchUpSource(() => bed.subscriber);
    bed.subscriber.begin([], undefined, undefined, source);
    const write = (from: number, count: number) => {
      source.append(logLines(from, count));
      source.fanOut();
    };
    return { ...bed, source, write };
  }

  it('queues nothing while stalled, then sends what it missed from the ring, in order and once', () => {
    const { conn, subscriber, seqs, write } = parkedSetup();
    write(0, 3);
    conn.bufferedAmount = 5000;
    for (let seq = 3; seq < 30; seq += 3) write(seq, 3);
    expect(subscriber.parked).toBe(true);
    expect(subscriber.queuedEntries).toBe(0);
    expect(subscriber.hasBacklog).toBe(true);
    subscriber.drain();
    expect(seqs()).toEqual([0, 1, 2]);

    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(subscriber.parked).toBe(false);
    write(30, 2);
    expect(seqs()).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(subscriber.hasBacklog).toBe(false);
  });

  it('catches up only once its socket has drained, not when its allowance grows', () => {
    const conn = new FakeConnection();
    // The allowance is read at every send: it grows as other viewers leave.
    const bounds = { queueLines: 100, queueBytes: 1 << 20, highWaterBytes: 1000 };
    const subscriber = new Subscriber('s1', conn, bounds, new HubCounters());
    const source = new FakeCatchUpSource(() => subscriber);
    subscriber.begin([], undefined, undefined, source);
    source.append(logLines(0, 3));
    source.fanOut();
    conn.bufferedAmount = 64 * 1024;
    source.append(logLines(3, 3));
    source.fanOut();
    expect(subscriber.parked).toBe(true);

    bounds.highWaterBytes = 1 << 20;
    subscriber.drain();
    expect(subscriber.parked).toBe(true);
    expect(conn.sent).toHaveLength(2);

    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(subscriber.parked).toBe(false);
  });

  it('does not catch up into a socket that is closing, though it reports nothing unsent', () => {
    const { conn, subscriber, seqs, write } = parkedSetup();
    write(0, 3);
    conn.bufferedAmount = 5000;
    write(3, 3);
    expect(subscriber.parked).toBe(true);
    conn.close(1001, 'going away');
    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(subscriber.parked).toBe(true);
    expect(subscriber.queuedEntries).toBe(0);
    expect(seqs()).toEqual([0, 1, 2]);
  });

  it('takes entries still pending in the fan-out through the ring, never twice', () => {
    const { conn, subscriber, seqs, source, write } = parkedSetup();
    conn.bufferedAmount = 5000;
    write(0, 5);
    // In the ring, not yet fanned out when the socket drains: the catch-up flushes them first.
    source.append(logLines(5, 5));
    conn.bufferedAmount = 0;
    subscriber.drain();
    source.fanOut();
    write(10, 1);
    expect(seqs()).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('names exactly what the ring no longer holds with one gap, before what it still has', () => {
    const { conn, subscriber, sent, seqs, source, write } = parkedSetup();
    write(0, 2);
    conn.bufferedAmount = 5000;
    write(2, 20);
    source.evictBelow(15);
    conn.bufferedAmount = 0;
    subscriber.drain();
    const gaps = sent().filter((f) => f.subject === 'logs.gap');
    expect(gaps).toEqual([
      {
        subject: 'logs.gap',
        data: { sub: 's1', fromSeq: 2, toSeq: 14, count: 13, reason: 'subscriber_behind' },
      },
    ]);
    expect(sent().findIndex((f) => f.subject === 'logs.gap')).toBeLessThan(
      sent().findIndex((f) => f.data.entries?.some((e) => e.kind === 'line' && e.seq === 15)),
    );
    expect(seqs()).toEqual([0, 1, ...Array.from({ length: 7 }, (_, i) => 15 + i)]);
  });

  it('sends its queued history before what it missed while parked', () => {
    const { conn, subscriber, sent, seqs } = setup();
    const source = new FakeCatchUpSource(() => subscriber);
    source.ring = logLines(0, 4);
    conn.bufferedAmount = 5000;
    subscriber.begin(logLines(0, 4), undefined, undefined, source);
    source.append(logLines(4, 4));
    source.fanOut();
    expect(subscriber.queuedEntries).toBe(4);
    expect(subscriber.parked).toBe(true);
    conn.bufferedAmount = 0;
    subscriber.drain();
    expect(sent()[0]).toMatchObject({ subject: 'logs.history', data: { done: true } });
    expect(seqs()).toEqual(Array.from({ length: 8 }, (_, i) => i));
  });
});
