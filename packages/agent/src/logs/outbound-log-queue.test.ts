import type { LogEntry, LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { LogSequencer } from './log-sequencer.ts';
import { ENTRY_OVERHEAD_BYTES, OutboundLogQueue, type OverflowReport } from './outbound-log-queue.ts';

const TEXT = 'x'.repeat(100);

function lines(sequencer: LogSequencer, count: number, text = TEXT): LogLine[] {
  return Array.from({ length: count }, (_, i) => sequencer.line(tsAt(i), 'stdout', text));
}

function drain(queue: OutboundLogQueue): { containerId: string; entries: LogEntry[] }[] {
  const out = [];
  for (let batch = queue.take(); batch !== undefined; batch = queue.take()) out.push(batch);
  return out;
}

// Everything a container's entries say about its lines: each number delivered or reported lost once.
function accountFor(entries: LogEntry[]): { delivered: number[]; lost: number[] } {
  const delivered: number[] = [];
  const lost: number[] = [];
  for (const entry of entries) {
    if (entry.kind === 'line') delivered.push(entry.seq);
    if (entry.kind === 'gap') for (let seq = entry.fromSeq; seq <= entry.toSeq; seq++) lost.push(seq);
  }
  return { delivered, lost };
}

// A queue whose overflows are recorded: `began` counts their starts, `reports` their ends.
function watchedQueue(maxBytes?: number) {
  const overflows = { began: 0, reports: [] as OverflowReport[] };
  const queue = new OutboundLogQueue({
    ...(maxBytes === undefined ? {} : { maxBytes }),
    overflow: { began: () => overflows.began++, ended: (report) => overflows.reports.push(report) },
  });
  return { queue, overflows };
}

describe('OutboundLogQueue', () => {
  it("hands out batches in arrival order, joining a container's queued batches into one", () => {
    const queue = new OutboundLogQueue();
    const a = new LogSequencer(0);
    const b = new LogSequencer(10);
    queue.enqueue('a', lines(a, 2));
    queue.enqueue('b', lines(b, 1));
    queue.enqueue('a', lines(a, 1));
    queue.enqueue('b', lines(b, 2));
    expect(drain(queue).map((t) => [t.containerId, t.entries.map((e) => (e as LogLine).seq)])).toEqual([
      ['a', [0, 1, 2]],
      ['b', [10, 11, 12]],
    ]);
    expect(queue.take()).toBeUndefined();
  });

  it('joins batches only while the result fits one frame', () => {
    const queue = new OutboundLogQueue();
    const a = new LogSequencer(0);
    for (let i = 0; i < 5; i++) queue.enqueue('a', lines(a, 300));
    expect(drain(queue).map((t) => t.entries.length)).toEqual([900, 600]);
    // By entries: at most 1,000 a frame.
    for (let i = 0; i < 4; i++) queue.enqueue('a', lines(a, 500, 'y'.repeat(200)));
    const sizes = drain(queue).map((t) => t.entries.length);
    expect(sizes).toEqual([1000, 1000]);
    // By text: two lines of 100 KiB fit the 256 KiB a frame may carry, three do not.
    const big = new LogSequencer(0);
    for (let i = 0; i < 3; i++) queue.enqueue('b', lines(big, 1, 'z'.repeat(100 * 1024)));
    expect(drain(queue).map((t) => t.entries.length)).toEqual([2, 1]);
  });

  it('holds its bound under a flood, reports the dropped lines in a gap before the next ones', () => {
    const maxBytes = 1024 * 1024;
    const { queue, overflows } = watchedQueue(maxBytes);
    const sequencer = new LogSequencer(0);
    for (let i = 0; i < 100; i++) queue.enqueue('flood', lines(sequencer, 1000));
    expect(overflows).toEqual({ began: 1, reports: [] });
    const entries = drain(queue).flatMap((t) => t.entries);
    expect(entries[0]).toMatchObject({ kind: 'gap', fromSeq: 0, reason: 'agent_backpressure' });
    expect(entries.filter((e) => e.kind === 'gap')).toHaveLength(1);
    const { delivered, lost } = accountFor(entries);
    expect([...lost, ...delivered]).toEqual(Array.from({ length: 100_000 }, (_, i) => i));
    expect(delivered.length * (TEXT.length + ENTRY_OVERHEAD_BYTES)).toBeLessThanOrEqual(maxBytes);
    // Emptied, the queue tells how much it dropped and how full it got: at its bound, never past.
    expect(overflows.reports).toHaveLength(1);
    const [report] = overflows.reports;
    expect(report!.droppedLines).toBe(lost.length);
    expect(report!.peakBytes).toBeLessThanOrEqual(maxBytes);
    expect(report!.peakBytes).toBeGreaterThan(maxBytes - 1000 * (TEXT.length + ENTRY_OVERHEAD_BYTES));
  });

  it('tells of each overflow once, when it starts and when the queue is empty again', () => {
    const maxBytes = 10 * (TEXT.length + ENTRY_OVERHEAD_BYTES);
    const { queue, overflows } = watchedQueue(maxBytes);
    const sequencer = new LogSequencer(0);
    queue.enqueue('c', lines(sequencer, 8));
    drain(queue);
    expect(overflows).toEqual({ began: 0, reports: [] });
    for (let i = 0; i < 3; i++) queue.enqueue('c', lines(sequencer, 8));
    expect(overflows).toEqual({ began: 1, reports: [] });
    const { lost } = accountFor(drain(queue).flatMap((t) => t.entries));
    expect(lost.length).toBeGreaterThan(0);
    expect(overflows.reports).toEqual([{ droppedLines: lost.length, peakBytes: expect.any(Number) }]);
    expect(overflows.reports[0]!.peakBytes).toBeLessThanOrEqual(maxBytes);
    // Cleared when the link goes: the overflow is over too, and says what it cost.
    queue.enqueue('c', lines(sequencer, 20));
    queue.clear();
    expect(overflows.began).toBe(2);
    expect(overflows.reports[1]!.droppedLines).toBeGreaterThan(0);
  });

  it('starts a new gap for lines dropped after the previous gap was taken', () => {
    const queue = new OutboundLogQueue({ maxBytes: 50 * (TEXT.length + ENTRY_OVERHEAD_BYTES) });
    const sequencer = new LogSequencer(0);
    const taken: LogEntry[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) queue.enqueue('c', lines(sequencer, 20));
      const batch = queue.take();
      if (batch !== undefined) taken.push(...batch.entries);
    }
    taken.push(...drain(queue).flatMap((t) => t.entries));
    const gaps = taken.filter((e) => e.kind === 'gap');
    expect(gaps.length).toBeGreaterThan(1);
    const { delivered, lost } = accountFor(taken);
    expect([...delivered, ...lost].sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const order = taken.map((e) => (e.kind === 'line' ? e.seq : e.kind === 'gap' ? e.fromSeq : -1));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('drops from the container holding the most, not from a quiet one', () => {
    const queue = new OutboundLogQueue({ maxBytes: 100 * (TEXT.length + ENTRY_OVERHEAD_BYTES) });
    const noisy = new LogSequencer(0);
    const quiet = new LogSequencer(0);
    queue.enqueue('noisy', lines(noisy, 100));
    queue.enqueue('quiet', lines(quiet, 3));
    const taken = drain(queue);
    const quietEntries = taken.filter((t) => t.containerId === 'quiet').flatMap((t) => t.entries);
    expect(quietEntries.map((e) => e.kind)).toEqual(['line', 'line', 'line']);
    const noisyEntries = taken.filter((t) => t.containerId === 'noisy').flatMap((t) => t.entries);
    expect(noisyEntries).toEqual([{ kind: 'gap', fromSeq: 0, toSeq: 99, reason: 'agent_backpressure' }]);
  });

  it('keeps markers where they stood between the dropped lines', () => {
    // The first batch (562 bytes) fits; the second does once the first one's lines are gone.
    const queue = new OutboundLogQueue({ maxBytes: 600 });
    const sequencer = new LogSequencer(0);
    const batch: LogEntry[] = [
      ...lines(sequencer, 2),
      sequencer.restart(tsAt(9), 'exit 1'),
      ...lines(sequencer, 1),
    ];
    queue.enqueue('c', batch);
    queue.enqueue('c', lines(sequencer, 2));
    expect(drain(queue).flatMap((t) => t.entries)).toEqual([
      { kind: 'gap', fromSeq: 0, toSeq: 1, reason: 'agent_backpressure' },
      { kind: 'restart', afterSeq: 1, ts: tsAt(9), reason: 'exit 1' },
      { kind: 'gap', fromSeq: 2, toSeq: 2, reason: 'agent_backpressure' },
      expect.objectContaining({ kind: 'line', seq: 3 }),
      expect.objectContaining({ kind: 'line', seq: 4 }),
    ]);
  });

  it('stays bounded when only markers are left, collapsing a restart loop', () => {
    const maxBytes = 20 * ENTRY_OVERHEAD_BYTES;
    const { queue, overflows } = watchedQueue(maxBytes);
    const sequencer = new LogSequencer(0);
    for (let i = 0; i < 200; i++) queue.enqueue('loop', [...lines(sequencer, 1), sequencer.restart(tsAt(i))]);
    const entries = drain(queue).flatMap((t) => t.entries);
    expect(overflows.reports).toEqual([{ droppedLines: 200, peakBytes: expect.any(Number) }]);
    expect(overflows.reports[0]!.peakBytes).toBeLessThanOrEqual(maxBytes);
    const restarts = entries.filter((e) => e.kind === 'restart');
    expect(restarts.at(-1)).toMatchObject({ kind: 'restart', afterSeq: 199, ts: tsAt(199) });
    expect(restarts.some((e) => e.reason?.startsWith('restarted '))).toBe(true);
    const { delivered, lost } = accountFor(entries);
    expect([...delivered, ...lost].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('forgets a container and clears everything on request, which is not an overflow', () => {
    const { queue, overflows } = watchedQueue();
    const sequencer = new LogSequencer(0);
    queue.enqueue('a', lines(sequencer, 2));
    queue.enqueue('b', lines(sequencer, 2));
    queue.forget('a');
    expect(drain(queue).map((t) => t.containerId)).toEqual(['b']);
    queue.enqueue('a', lines(sequencer, 2));
    queue.clear();
    expect(queue.take()).toBeUndefined();
    expect(overflows).toEqual({ began: 0, reports: [] });
  });
});
