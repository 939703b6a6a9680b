import { describe, expect, it } from 'vitest';
import { FrameBatcher } from './frame-batcher.ts';

function manualFrames() {
  const callbacks: Array<() => void> = [];
  return {
    schedule: (cb: () => void) => {
      callbacks.push(cb);
    },
    get requested() {
      return callbacks.length;
    },
    runFrame() {
      const due = callbacks.splice(0);
      for (const cb of due) cb();
    },
  };
}

describe('FrameBatcher', () => {
  it('hands over everything pushed before a frame in one flush', () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => flushed.push(items), frames.schedule);
    batcher.push(1, 2);
    batcher.pushAll([3]);
    batcher.push(4);
    expect(frames.requested).toBe(1);
    expect(flushed).toEqual([]);
    frames.runFrame();
    expect(flushed).toEqual([[1, 2, 3, 4]]);
    batcher.push(5);
    frames.runFrame();
    expect(flushed).toEqual([[1, 2, 3, 4], [5]]);
  });

  it('does not flush or schedule for nothing', () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => flushed.push(items), frames.schedule);
    batcher.push();
    batcher.flushNow();
    expect(frames.requested).toBe(0);
    expect(flushed).toEqual([]);
  });

  it('flushes at once with pushNow and flushNow', () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => flushed.push(items), frames.schedule);
    batcher.push(1);
    batcher.pushNow(2);
    expect(flushed).toEqual([[1, 2]]);
    batcher.push(3);
    batcher.flushNow();
    frames.runFrame();
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('flushes synchronously once more than maxPending items wait', () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => flushed.push(items), frames.schedule, 3);
    batcher.push(1, 2, 3);
    expect(flushed).toEqual([]);
    batcher.push(4);
    expect(flushed).toEqual([[1, 2, 3, 4]]);
    expect(batcher.pending).toBe(0);
  });

  it('drops what waits and stays quiet after dispose', () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => flushed.push(items), frames.schedule);
    batcher.push(1);
    batcher.dispose();
    frames.runFrame();
    batcher.push(2);
    batcher.pushNow(3);
    expect(flushed).toEqual([]);
  });

  it('falls back to a timer outside a browser', () => {
    const batcher = new FrameBatcher<number>(() => {});
    batcher.push(1);
    expect(batcher.pending).toBe(1);
    batcher.dispose();
  });
});
