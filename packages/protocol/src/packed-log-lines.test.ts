import { describe, expect, it } from 'vitest';
import type { LogLine } from './logs.ts';
import { packedLogLinesSchema, packLogLines, unpackLogLines } from './packed-log-lines.ts';

const ts = (i: number) => `2026-11-25T03:19:26.${String(i).padStart(9, '0')}Z`;

function line(seq: number, extra: Partial<LogLine> = {}): LogLine {
  return {
    kind: 'line',
    seq,
    ts: ts(seq),
    stream: seq % 3 === 0 ? 'stderr' : 'stdout',
    text: `line ${seq}`,
    ...extra,
  };
}

describe('packed log lines', () => {
  it('unpack gives back every line with its flags', () => {
    const lines = [
      line(0),
      line(1, { text: '/w==', encoding: 'base64' }),
      line(2, { text: 'cut', truncated: true }),
      line(3, { text: '', partial: true }),
      line(4, { text: 'tab\there "quoted" \r' }),
    ];
    const packs = packLogLines(lines);
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatchObject({ seq: 0, streams: 'eooeo', base64: [1], truncated: [2], partial: [3] });
    expect(unpackLogLines(packedLogLinesSchema.parse(JSON.parse(JSON.stringify(packs[0]))))).toEqual(lines);
  });

  it('starts a new pack where the seqs are not consecutive', () => {
    const packs = packLogLines([line(0), line(1), line(5), line(6)]);
    expect(packs.map((p) => [p.seq, p.ts.length])).toEqual([
      [0, 2],
      [5, 2],
    ]);
    expect(packs.flatMap(unpackLogLines).map((l) => l.seq)).toEqual([0, 1, 5, 6]);
  });

  it('refuses a pack whose parts do not agree', () => {
    const good = packLogLines([line(0), line(1)])[0]!;
    const refused = (change: object) => packedLogLinesSchema.safeParse({ ...good, ...change }).success;
    expect(refused({})).toBe(true);
    expect(refused({ streams: 'o' })).toBe(false);
    expect(refused({ streams: 'ox' })).toBe(false);
    expect(refused({ text: 'one line\n' })).toBe(false);
    expect(refused({ text: 'a\nb\nc\n' })).toBe(false);
    expect(refused({ text: 'a\nb' })).toBe(false);
    expect(refused({ partial: [1, 0] })).toBe(false);
    expect(refused({ partial: [2] })).toBe(false);
    expect(refused({ base64: [0], text: 'not base64!\nb\n' })).toBe(false);
    expect(refused({ ts: [ts(0), 'yesterday'] })).toBe(false);
  });
});
