import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { LogEntry, LogLine } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerClient } from './http-client.ts';
import { formatLine } from './log-line-format.ts';
import { OutputSink } from './output-sink.ts';
import { readStoredLogs } from './stored-logs.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function line(seq: number): LogLine {
  const ts = `2026-11-25T03:19:26.${String(seq).padStart(9, '0')}Z`;
  return {
    kind: 'line',
    seq,
    ts,
    stream: seq % 5 === 0 ? 'stderr' : 'stdout',
    text: `line ${seq} ${'x'.repeat(40)}`,
  };
}

/** A manager stand-in that streams `count` NDJSON lines and notes whether it ever had to wait. */
async function serveLines(count: number) {
  const seen = { waited: false, closedEarly: false, query: '' };
  const server = createServer(async (req, res) => {
    seen.query = req.url ?? '';
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.on('close', () => {
      if (!res.writableFinished) seen.closedEarly = true;
    });
    for (let seq = 0; seq < count && !res.destroyed; seq++) {
      if (!res.write(`${JSON.stringify(line(seq))}\n`)) {
        seen.waited = true;
        await new Promise((resolve) => res.once('drain', resolve));
      }
    }
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { client: new ManagerClient(`http://127.0.0.1:${port}`, { token: 'bsn_test' }), seen };
}

/** A reader of our output that takes its time, as a slow pipe does. */
class SlowWritable extends Writable {
  readonly chunks: Buffer[] = [];
  peak = 0;
  constructor() {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.peak = Math.max(this.peak, this.writableLength);
    setImmediate(done);
  }
}

const query = { host: 'db-1', container: 'web', tail: 'all' as const };

describe('readStoredLogs', () => {
  it('prints 200k lines in order with bounded buffering, waiting for a slow reader', async () => {
    const count = 200_000;
    const { client, seen } = await serveLines(count);
    const stdout = new SlowWritable();
    const stderr = new SlowWritable();
    const sink = new OutputSink(stdout, stderr);
    let lines = 0;
    const complete = await readStoredLogs(client, query, sink, (entry: LogEntry) => {
      if (entry.kind === 'line') sink.add(entry.stream, formatLine(entry, false));
      lines++;
    });
    await sink.finish();
    expect(complete).toBe(true);
    expect(lines).toBe(count);
    const want = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    for (let seq = 0; seq < count; seq++) want[line(seq).stream].push(...formatLine(line(seq), false));
    expect(Buffer.concat(stdout.chunks).equals(Buffer.concat(want.stdout))).toBe(true);
    expect(Buffer.concat(stderr.chunks).equals(Buffer.concat(want.stderr))).toBe(true);
    // The slow reader held the download back instead of letting output pile up in memory.
    expect(seen.waited).toBe(true);
    expect(stdout.peak).toBeLessThan(1024 * 1024);
  }, 60_000);

  it('stops reading quietly when the reader goes away (EPIPE)', async () => {
    const { client, seen } = await serveLines(500_000);
    let written = 0;
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (written > 100_000) {
          done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        } else done();
      },
    });
    const sink = new OutputSink(stdout, new SlowWritable());
    const complete = await readStoredLogs(client, query, sink, (entry) => {
      if (entry.kind === 'line') sink.add(entry.stream, formatLine(entry, false));
    });
    expect(complete).toBe(false);
    expect(sink.broken).toBe(true);
    expect(sink.error).toBeUndefined();
    await expect.poll(() => seen.closedEarly).toBe(true);
  });

  it('asks for tail, since and until in the query', async () => {
    const { client, seen } = await serveLines(0);
    const sink = new OutputSink(new SlowWritable(), new SlowWritable());
    await readStoredLogs(
      client,
      {
        ...query,
        tail: 5,
        since: { wire: '10.5', nanos: 0n },
        until: { wire: '2026-11-25T10:00:00Z', nanos: 0n },
      },
      sink,
      () => {},
    );
    expect(seen.query).toBe(
      '/api/logs?agent=db-1&container=web&tail=5&format=packed&since=10.5&until=2026-11-25T10%3A00%3A00Z',
    );
  });
});
