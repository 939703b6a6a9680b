import { PassThrough } from 'node:stream';
import type { LogEntry, LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { NdjsonPrinter } from './ndjson-export.ts';
import { OutputSink } from './output-sink.ts';

const NAMES = { host: 'db-1', container: 'a1b2' };

async function exported(print: (printer: NdjsonPrinter) => void): Promise<unknown[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const sink = new OutputSink(stdout, new PassThrough().resume());
  print(new NdjsonPrinter(sink, NAMES, { verbose: false }));
  await sink.finish();
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((record) => JSON.parse(record));
}

describe('NdjsonPrinter', () => {
  it('writes one object per entry: names, then the entry as held, markers on their own', async () => {
    const utf8: LogLine = {
      kind: 'line',
      seq: 7,
      ts: '2026-11-25T03:19:26.1Z',
      stream: 'stdout',
      text: 'héllo',
    };
    const restart: Exclude<LogEntry, LogLine> = { kind: 'restart', afterSeq: 7, ts: '2026-11-25T03:19:27Z' };
    const base64: LogLine = {
      kind: 'line',
      seq: 0,
      ts: '2026-11-25T03:19:28Z',
      stream: 'stderr',
      text: '/w==',
      encoding: 'base64',
      partial: true,
    };
    const records = await exported((printer) => {
      printer.line(utf8, 'store');
      printer.marker(restart);
      printer.line(base64, 'store');
    });
    expect(records).toEqual([
      { ...NAMES, ...utf8 },
      { ...NAMES, ...restart },
      { ...NAMES, ...base64 },
    ]);
  });

  it("drops the seq of a line read from Docker's log, and names the container as the store does once known", async () => {
    const records = await exported((printer) => {
      printer.line(
        { kind: 'line', seq: 3, ts: '2026-11-25T03:19:26Z', stream: 'stdout', text: 'a' },
        'docker',
      );
      printer.named({
        agentId: 'agent-1',
        hostName: 'db-1',
        containerId: 'a'.repeat(64),
        containerName: 'web',
        identity: 'web',
        image: 'busybox',
        createdAt: null,
        firstTs: null,
        lastTs: null,
        lastSeq: null,
        lines: 0,
        bytes: 0,
        removed: true,
      });
      printer.line({ kind: 'line', seq: 4, ts: '2026-11-25T03:19:27Z', stream: 'stdout', text: 'b' });
    });
    expect(records).toEqual([
      {
        host: 'db-1',
        container: 'a1b2',
        kind: 'line',
        ts: '2026-11-25T03:19:26Z',
        stream: 'stdout',
        text: 'a',
      },
      {
        host: 'db-1',
        container: 'web',
        kind: 'line',
        seq: 4,
        ts: '2026-11-25T03:19:27Z',
        stream: 'stdout',
        text: 'b',
      },
    ]);
  });
});
