import { type LogEntry, MAX_BATCH_LINES, MAX_BATCH_TEXT_BYTES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { LogBatcher } from './log-batcher.ts';
import { LogSequencer } from './log-sequencer.ts';
import type { Scheduler } from './scheduler.ts';

function manualScheduler() {
  const tasks = new Set<() => void>();
  const scheduler: Scheduler = {
    schedule(fn) {
      tasks.add(fn);
      return () => tasks.delete(fn);
    },
  };
  const run = () => {
    for (const task of [...tasks]) {
      tasks.delete(task);
      task();
    }
  };
  return { scheduler, run, pending: () => tasks.size };
}

function setup(options: { maxTextBytes?: number } = {}) {
  const batches: { entries: LogEntry[]; textBytes: number }[] = [];
  const timer = manualScheduler();
  const batcher = new LogBatcher({
    onBatch: (entries, textBytes) => batches.push({ entries, textBytes }),
    scheduler: timer.scheduler,
    ...options,
  });
  return { batcher, batches, timer, sequencer: new LogSequencer(0) };
}

describe('LogBatcher', () => {
  it('sends a full batch at once and the rest when the scheduler fires', () => {
    const { batcher, batches, timer, sequencer } = setup();
    for (let i = 0; i < 2500; i++) batcher.add(sequencer.line(tsAt(i), 'stdout', `line ${i}`));
    expect(batches.map((b) => b.entries.length)).toEqual([MAX_BATCH_LINES, MAX_BATCH_LINES]);
    expect(timer.pending()).toBe(1);
    timer.run();
    expect(batches.map((b) => b.entries.length)).toEqual([MAX_BATCH_LINES, MAX_BATCH_LINES, 500]);
    expect(batches.flatMap((b) => b.entries).map((e) => (e.kind === 'line' ? e.seq : -1))).toEqual(
      Array.from({ length: 2500 }, (_, i) => i),
    );
  });

  it('keeps every batch within the text budget, counted in UTF-8 bytes', () => {
    const { batcher, batches, timer, sequencer } = setup();
    const text = '漢'.repeat(20_000);
    for (let i = 0; i < 10; i++) batcher.add(sequencer.line(tsAt(i), 'stdout', text));
    timer.run();
    expect(batches.map((b) => b.entries.length)).toEqual([4, 4, 2]);
    for (const batch of batches) expect(batch.textBytes).toBeLessThanOrEqual(MAX_BATCH_TEXT_BYTES);
    expect(batches[0]!.textBytes).toBe(4 * 60_000);
  });

  it('trusts a text size given by the caller', () => {
    const { batcher, batches, sequencer } = setup({ maxTextBytes: 10 });
    batcher.add(sequencer.line(tsAt(0), 'stdout', 'abc'), 6);
    batcher.add(sequencer.line(tsAt(1), 'stdout', 'def'), 6);
    expect(batches.map((b) => b.textBytes)).toEqual([6]);
  });

  it('sends an entry larger than the budget on its own', () => {
    const { batcher, batches, timer, sequencer } = setup({ maxTextBytes: 10 });
    batcher.add(sequencer.line(tsAt(0), 'stdout', 'a'));
    batcher.add(sequencer.line(tsAt(1), 'stdout', 'x'.repeat(50)));
    batcher.add(sequencer.line(tsAt(2), 'stdout', 'b'));
    timer.run();
    expect(batches.map((b) => b.entries.length)).toEqual([1, 1, 1]);
  });

  it('flush() sends at once and cancels the scheduled call', () => {
    const { batcher, batches, timer, sequencer } = setup();
    batcher.add(sequencer.restart(tsAt(0)));
    expect(timer.pending()).toBe(1);
    batcher.flush();
    expect(timer.pending()).toBe(0);
    expect(batches).toHaveLength(1);
    batcher.flush();
    expect(batches).toHaveLength(1);
  });
});
