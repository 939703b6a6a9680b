import { describe, expect, it } from 'vitest';
import {
  bytes,
  chunksOf,
  type RecordedLine,
  SPLIT,
  splitEverywhere,
  tsAt,
  tsPrefix,
  ttyStream,
} from '../testing/index.ts';
import { DOCKER_SPLIT_BYTES } from './line-assembler.ts';
import { TtyMessageSplitter } from './tty-message-splitter.ts';

interface Message {
  ts: string;
  body: string;
}

function split(chunks: Uint8Array[], splitter?: TtyMessageSplitter, out: Message[] = []) {
  const s =
    splitter ??
    new TtyMessageSplitter({ onMessage: (ts, body) => out.push({ ts, body: Buffer.from(body).toString() }) });
  for (const chunk of chunks) s.push(chunk);
  s.flush();
  return out;
}

const LINES: RecordedLine[] = [
  { stream: 'stdout', ts: tsAt(0), content: bytes('root@box:/# echo hi\r') },
  { stream: 'stdout', ts: tsAt(1), content: bytes('hi\r') },
  { stream: 'stdout', ts: tsAt(2), content: bytes('') },
  { stream: 'stdout', ts: tsAt(3), content: bytes('2026-11-25T03:19:26Z looks like a prefix\r') },
];
const STREAM = ttyStream(LINES);
const EXPECTED: Message[] = [
  { ts: tsAt(0), body: 'root@box:/# echo hi\r\n' },
  { ts: tsAt(1), body: 'hi\r\n' },
  { ts: tsAt(2), body: '\n' },
  { ts: tsAt(3), body: '2026-11-25T03:19:26Z looks like a prefix\r\n' },
];

describe('TtyMessageSplitter', () => {
  it('splits the raw stream into messages at "\\n", stripping each prefix', () => {
    expect(split([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same messages whatever the chunking, prefixes split included', () => {
    for (const chunks of splitEverywhere(STREAM)) expect(split(chunks)).toEqual(EXPECTED);
    expect(split(chunksOf(STREAM, 1))).toEqual(EXPECTED);
  });

  it('ends a message after 16 KiB without "\\n" and strips the next prefix', () => {
    const stream = ttyStream([
      { stream: 'stdout', ts: tsAt(0), content: Buffer.alloc(SPLIT + 5, 'l'), pieceTs: [tsAt(1)] },
    ]);
    const messages = split(chunksOf(stream, 1000));
    expect(messages.map((m) => [m.ts, m.body.length])).toEqual([
      [tsAt(0), DOCKER_SPLIT_BYTES],
      [tsAt(1), 6],
    ]);
  });

  it('goes on under the same timestamp when no prefix follows a 16 KiB piece', () => {
    const stream = Buffer.concat([tsPrefix(tsAt(0)), Buffer.alloc(SPLIT, 'a'), bytes('rest\n')]);
    expect(split([stream]).map((m) => [m.ts, m.body.length])).toEqual([
      [tsAt(0), DOCKER_SPLIT_BYTES],
      [tsAt(0), 5],
    ]);
  });

  it('delivers what is left at the end, and bytes before any prefix, under a timestamp', () => {
    expect(split([bytes('no prefix\n'), tsPrefix(tsAt(0)), bytes('tail')])).toEqual([
      { ts: '0001-01-01T00:00:00Z', body: 'no prefix\n' },
      { ts: tsAt(0), body: 'tail' },
    ]);
    expect(split([tsPrefix(tsAt(0)), bytes('x\n2026-11-2')])).toEqual([
      { ts: tsAt(0), body: 'x\n' },
      { ts: tsAt(0), body: '2026-11-2' },
    ]);
  });

  it('cuts a replayed unterminated last message where it ended before', () => {
    const previousRun = ttyStream([
      { stream: 'stdout', ts: tsAt(0), content: bytes('line\r') },
      { stream: 'stdout', ts: tsAt(1), content: bytes('Password: '), newline: false },
    ]);
    // A follow from `since` repeats the last message; the new run's output follows it directly.
    const nextFollow = ttyStream([
      { stream: 'stdout', ts: tsAt(1), content: bytes('Password: '), newline: false },
      { stream: 'stdout', ts: tsAt(2), content: bytes('started again\r') },
    ]);
    for (const chunks of splitEverywhere(nextFollow)) {
      const out: Message[] = [];
      const splitter = new TtyMessageSplitter({
        onMessage: (ts, body) => out.push({ ts, body: Buffer.from(body).toString() }),
      });
      split([previousRun], splitter);
      out.length = 0;
      split(chunks, splitter);
      expect(out).toEqual([
        { ts: tsAt(1), body: 'Password: ' },
        { ts: tsAt(2), body: 'started again\r\n' },
      ]);
    }
  });
});
