import type { LogEntry } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { lines } from '../testing/log-lines.ts';
import { MAX_REMEMBERED_MARKERS, SourceCursor } from './source-cursor.ts';

const restart = (afterSeq: number, second: number): LogEntry => ({
  kind: 'restart',
  afterSeq,
  ts: `2026-11-25T06:31:${String(second).padStart(2, '0')}Z`,
});

describe('SourceCursor', () => {
  it('passes everything on at first and tracks the next seq', () => {
    const cursor = new SourceCursor();
    expect(cursor.accept(lines(5, 7))).toEqual(lines(5, 7));
    expect(cursor.nextSeq).toBe(8);
    expect(cursor.lastLineSeq).toBe(7);
  });

  it('drops lines and markers that a resume repeats', () => {
    const cursor = new SourceCursor();
    cursor.accept([...lines(0, 2), restart(2, 1)]);
    expect(
      cursor.accept([...lines(1, 2), restart(1, 0), restart(2, 1), restart(2, 2), ...lines(3, 3)]),
    ).toEqual([restart(2, 2), ...lines(3, 3)]);
  });

  it('drops lines at or below the last one passed on, across batches and within one', () => {
    const cursor = new SourceCursor();
    cursor.accept(lines(1, 2));
    expect(
      cursor.accept([...lines(2, 3), ...lines(1, 1), ...lines(3, 3), ...lines(5, 5), ...lines(4, 4)]),
    ).toEqual([...lines(3, 3), ...lines(5, 5)]);
    expect(cursor.lastLineSeq).toBe(5);
  });

  it('passes nothing on when a batch only repeats', () => {
    const cursor = new SourceCursor();
    cursor.accept(lines(0, 4));
    expect(cursor.accept(lines(0, 4))).toEqual([]);
    expect(cursor.nextSeq).toBe(5);
  });

  it('takes a restarted numbering after reset, markers included', () => {
    const cursor = new SourceCursor();
    cursor.accept([...lines(40, 50), restart(50, 1)]);
    cursor.reset();
    expect(cursor.accept([...lines(0, 1), restart(50, 1)])).toEqual([...lines(0, 1), restart(50, 1)]);
    expect(cursor.lastLineSeq).toBe(1);
  });

  it('moves past gaps and trims one that overlaps what was seen', () => {
    const cursor = new SourceCursor();
    cursor.accept(lines(0, 4));
    const out = cursor.accept([
      { kind: 'gap', fromSeq: 1, toSeq: 3, reason: 'ring_evicted' },
      { kind: 'gap', fromSeq: 3, toSeq: 9, reason: 'agent_backpressure' },
    ]);
    expect(out).toEqual([{ kind: 'gap', fromSeq: 5, toSeq: 9, reason: 'agent_backpressure' }]);
    expect(cursor.nextSeq).toBe(10);
  });

  it('only moves forward when advanced', () => {
    const cursor = new SourceCursor();
    cursor.advance(10);
    cursor.advance(4);
    expect(cursor.nextSeq).toBe(10);
    expect(cursor.accept(lines(9, 10))).toEqual(lines(10, 10));
  });

  it('forgets everything on reset', () => {
    const cursor = new SourceCursor();
    cursor.accept(lines(0, 9));
    cursor.reset();
    expect(cursor.nextSeq).toBeUndefined();
    expect(cursor.accept(lines(0, 0))).toEqual(lines(0, 0));
  });

  it('remembers a bounded number of markers', () => {
    const cursor = new SourceCursor();
    const many: LogEntry[] = [];
    for (let i = 0; i < MAX_REMEMBERED_MARKERS + 1; i++) {
      many.push({
        kind: 'restart',
        afterSeq: -1,
        ts: `2026-11-25T06:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${i}Z`,
      });
    }
    cursor.accept(many);
    // The oldest was forgotten, the newest are still recognised.
    expect(cursor.accept([many[0] as LogEntry])).toHaveLength(1);
    expect(cursor.accept([many.at(-1) as LogEntry])).toHaveLength(0);
  });
});
