import { MAX_LINE_BYTES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { bytes, tsAt } from '../testing/index.ts';
import { DOCKER_SPLIT_BYTES, LineAssembler } from './line-assembler.ts';

interface Line {
  ts: string;
  bytes: Buffer;
  truncated: boolean;
}

function assembler() {
  const lines: Line[] = [];
  const assembler = new LineAssembler({
    onLine: (ts, line, truncated) => lines.push({ ts, bytes: Buffer.from(line), truncated }),
  });
  return { assembler, lines };
}

const piece = (fill: string) => Buffer.alloc(DOCKER_SPLIT_BYTES, fill);

describe('LineAssembler', () => {
  it('emits a message ending in "\\n" as a line, newline included', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), bytes('hello\n'));
    a.push(tsAt(1), bytes('\n'));
    expect(lines).toEqual([
      { ts: tsAt(0), bytes: bytes('hello\n'), truncated: false },
      { ts: tsAt(1), bytes: bytes('\n'), truncated: false },
    ]);
  });

  it("joins 16 KiB pieces under the first piece's timestamp", () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), piece('a'));
    a.push(tsAt(1), piece('b'));
    expect(lines).toEqual([]);
    a.push(tsAt(2), bytes('end\n'));
    expect(lines).toEqual([
      { ts: tsAt(0), bytes: Buffer.concat([piece('a'), piece('b'), bytes('end\n')]), truncated: false },
    ]);
  });

  it('takes a message without "\\n" of any other length as a whole line without newline', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), bytes('no newline'));
    a.push(tsAt(1), Buffer.alloc(DOCKER_SPLIT_BYTES - 1, 'x'));
    a.push(tsAt(2), Buffer.alloc(DOCKER_SPLIT_BYTES + 1, 'y'));
    expect(lines.map((l) => [l.ts, l.bytes.length])).toEqual([
      [tsAt(0), 10],
      [tsAt(1), DOCKER_SPLIT_BYTES - 1],
      [tsAt(2), DOCKER_SPLIT_BYTES + 1],
    ]);
  });

  it('emits a last 16 KiB piece on flush()', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), piece('z'));
    a.flush();
    expect(lines).toEqual([{ ts: tsAt(0), bytes: piece('z'), truncated: false }]);
  });

  it('cuts a message holding several lines at every "\\n"', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), bytes('one\ntwo\n\nthree'));
    expect(lines.map((l) => l.bytes.toString())).toEqual(['one\n', 'two\n', '\n', 'three']);
  });

  it('truncates a line past MAX_LINE_BYTES at a character boundary and discards the rest', () => {
    const { assembler: a, lines } = assembler();
    const text = bytes('€'.repeat(40_000));
    const message = Buffer.concat([text, bytes('\n')]);
    for (let at = 0; at < message.length; at += DOCKER_SPLIT_BYTES) {
      a.push(tsAt(0), message.subarray(at, at + DOCKER_SPLIT_BYTES));
    }
    a.push(tsAt(2), bytes('next\n'));
    const kept = Math.floor(MAX_LINE_BYTES / 3) * 3;
    expect(lines).toEqual([
      { ts: tsAt(0), bytes: text.subarray(0, kept), truncated: true },
      { ts: tsAt(2), bytes: bytes('next\n'), truncated: false },
    ]);
  });

  it('keeps a line of exactly MAX_LINE_BYTES whole', () => {
    const { assembler: a, lines } = assembler();
    const text = Buffer.alloc(MAX_LINE_BYTES, 'm');
    for (let at = 0; at < text.length; at += DOCKER_SPLIT_BYTES) {
      a.push(tsAt(0), text.subarray(at, at + DOCKER_SPLIT_BYTES));
    }
    a.push(tsAt(0), bytes('\n'));
    expect(lines).toEqual([{ ts: tsAt(0), bytes: Buffer.concat([text, bytes('\n')]), truncated: false }]);
  });

  it('truncates a single oversized message without copying it whole', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), Buffer.concat([Buffer.alloc(MAX_LINE_BYTES - 1, 'k'), bytes('é tail\n')]));
    expect(lines).toEqual([{ ts: tsAt(0), bytes: Buffer.alloc(MAX_LINE_BYTES - 1, 'k'), truncated: true }]);
  });

  it("after flush(), does not glue a replayed last piece onto the next run's first message", () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), piece('p'));
    a.flush();
    // The re-follow replays the piece, then the new run speaks.
    a.push(tsAt(0), piece('p'));
    a.push(tsAt(5), bytes('new run\n'));
    expect(lines).toEqual([
      { ts: tsAt(0), bytes: piece('p'), truncated: false },
      { ts: tsAt(0), bytes: piece('p'), truncated: false },
      { ts: tsAt(5), bytes: bytes('new run\n'), truncated: false },
    ]);
  });

  it('forgets a waiting piece on discardPending()', () => {
    const { assembler: a, lines } = assembler();
    a.push(tsAt(0), piece('d'));
    expect(a.pendingTs).toBe(tsAt(0));
    a.discardPending();
    expect(a.pendingTs).toBeUndefined();
    a.push(tsAt(1), bytes('fresh\n'));
    expect(lines.map((l) => l.bytes.toString())).toEqual(['fresh\n']);
  });
});
