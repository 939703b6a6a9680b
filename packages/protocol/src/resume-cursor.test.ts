import { describe, expect, it } from 'vitest';
import type { LogLine, LogStream } from './logs.ts';
import { advanceResumeCursor, advanceStreamPosition, type ResumeCursor } from './resume-cursor.ts';

const T1 = '2026-11-25T03:19:26.000000001Z';
const T2 = '2026-11-25T03:19:26.000000002Z';
const T3 = '2026-11-25T03:19:26.000000003Z';

function line(seq: number, stream: LogStream, ts: string): LogLine {
  return { kind: 'line', seq, ts, stream, text: `line ${seq}` };
}

function cursorAfter(...lines: LogLine[]): ResumeCursor | undefined {
  return lines.reduce<ResumeCursor | undefined>((cursor, l) => advanceResumeCursor(cursor, l), undefined);
}

describe('advanceStreamPosition', () => {
  it('starts over at a newer stamp, counts an equal one and keeps its place at an older one', () => {
    const first = advanceStreamPosition(undefined, T2);
    expect(first).toEqual({ ts: T2, countAtTs: 1 });
    expect(advanceStreamPosition(first, T2)).toEqual({ ts: T2, countAtTs: 2 });
    expect(advanceStreamPosition(first, T3)).toEqual({ ts: T3, countAtTs: 1 });
    expect(advanceStreamPosition(first, T1)).toBe(first);
  });

  it('compares stamps of differing fraction widths as times', () => {
    const position = advanceStreamPosition(undefined, '2026-11-25T03:19:26.5Z');
    expect(advanceStreamPosition(position, '2026-11-25T03:19:26.500000000Z')).toEqual({
      ts: '2026-11-25T03:19:26.5Z',
      countAtTs: 2,
    });
  });
});

describe('advanceResumeCursor', () => {
  it('keeps a position per stream, moved by that stream only', () => {
    expect(cursorAfter(line(0, 'stdout', T1), line(1, 'stderr', T2), line(2, 'stdout', T1))).toEqual({
      seq: 2,
      ts: T1,
      countAtTs: 1,
      streams: { stdout: { ts: T1, countAtTs: 2 }, stderr: { ts: T2, countAtTs: 1 } },
    });
  });

  it('keeps the last line over both streams for agents of protocol 1', () => {
    expect(cursorAfter(line(4, 'stdout', T3), line(5, 'stderr', T3))).toMatchObject({
      seq: 5,
      ts: T3,
      countAtTs: 2,
    });
  });

  it('stays without positions when it continues a cursor that had none', () => {
    const legacy: ResumeCursor = { seq: 3, ts: T1, countAtTs: 1 };
    expect(advanceResumeCursor(legacy, line(4, 'stdout', T2))).toEqual({ seq: 4, ts: T2, countAtTs: 1 });
  });

  it('leaves the cursor it was given as it was', () => {
    const before = cursorAfter(line(0, 'stdout', T1));
    advanceResumeCursor(before, line(1, 'stdout', T1));
    expect(before?.streams?.stdout).toEqual({ ts: T1, countAtTs: 1 });
  });
});
