import { Writable } from 'node:stream';
import { type LogLine, packLogLines } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { formatLine } from './log-line-format.ts';
import { OutputSink } from './output-sink.ts';
import { writePackedLines } from './packed-line-writer.ts';

class Collect extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const lines: LogLine[] = [
  { kind: 'line', seq: 0, ts: '2026-11-25T03:19:26.1Z', stream: 'stdout', text: 'first' },
  { kind: 'line', seq: 1, ts: '2026-11-25T03:19:26.2Z', stream: 'stdout', text: 'héllo \r' },
  { kind: 'line', seq: 2, ts: '2026-11-25T03:19:27Z', stream: 'stderr', text: 'oops' },
  { kind: 'line', seq: 3, ts: '2026-11-25T03:19:27.3Z', stream: 'stderr', text: '/w==', encoding: 'base64' },
  { kind: 'line', seq: 4, ts: '2026-11-25T03:19:27.4Z', stream: 'stdout', text: 'cut', truncated: true },
  { kind: 'line', seq: 5, ts: '2026-11-25T03:19:27.5Z', stream: 'stdout', text: 'no newline', partial: true },
];

// What printing the lines one by one writes to each stream.
function expected(stream: 'stdout' | 'stderr', timestamps: boolean): Buffer {
  return Buffer.concat(lines.filter((l) => l.stream === stream).flatMap((l) => formatLine(l, timestamps)));
}

describe('writePackedLines', () => {
  for (const timestamps of [false, true]) {
    it(`writes each stream's bytes exactly as line by line${timestamps ? ', with timestamps' : ''}`, async () => {
      const stdout = new Collect();
      const stderr = new Collect();
      const sink = new OutputSink(stdout, stderr);
      const cut = writePackedLines(sink, packLogLines(lines)[0]!, timestamps);
      await sink.finish();
      expect(cut).toBe(true);
      expect(stdout.bytes).toEqual(expected('stdout', timestamps));
      expect(stderr.bytes).toEqual(expected('stderr', timestamps));
    });
  }
});
