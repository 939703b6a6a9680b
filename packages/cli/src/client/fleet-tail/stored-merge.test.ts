import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { LogEntry, LogLine } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerClient } from '../http-client.ts';
import { OutputSink } from '../output-sink.ts';
import { mergeStoredLogs, type StoredRead } from './stored-merge.ts';
import { tailSource } from './tail-source.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

// Container `c<k>` writes lines at every `k`-th nanosecond: the merged stamps interleave.
function line(step: number, index: number): LogLine {
  const nanos = step * index + 1;
  return {
    kind: 'line',
    seq: index,
    ts: `2026-11-25T03:19:26.${String(nanos).padStart(9, '0')}Z`,
    stream: 'stdout',
    text: `c${step} ${index}`,
  };
}

async function serve(count: number) {
  const server = createServer(async (req, res) => {
    const container = new URL(req.url ?? '/', 'http://x').searchParams.get('container') ?? '';
    if (container === 'gone') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such container' } }));
      return;
    }
    const step = Number(container.slice(1));
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (let i = 0; i < count && !res.destroyed; i++) {
      if (!res.write(`${JSON.stringify(line(step, i))}\n`))
        await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new ManagerClient(`http://127.0.0.1:${port}`, { token: 'bsn_test' });
}

// A reader slower than the manager: each write completes on a later turn.
function slowOutput(): Writable {
  return new Writable({ highWaterMark: 1024, write: (_chunk, _encoding, done) => setImmediate(done) });
}

function reads(names: string[], gone: string[] = []): StoredRead[] {
  return names.map((name) => ({
    source: tailSource({ agentName: 'vm', name, id: name }),
    query: { host: 'vm', container: name, tail: 'all' },
    onEntry: () => true,
    onGone: () => gone.push(name),
  }));
}

describe('mergeStoredLogs', () => {
  it('merges every line of every container by timestamp through a slow output', async () => {
    const client = await serve(6_000);
    const out: LogEntry[] = [];
    const sink = new OutputSink(slowOutput(), slowOutput());
    const complete = await mergeStoredLogs(
      client,
      reads(['c2', 'c3', 'c5']),
      (_source, entry) => {
        out.push(entry);
        sink.add('stdout', [Buffer.from('x\n')]);
      },
      sink,
      new AbortController().signal,
    );
    expect(complete).toBe(true);
    expect(out).toHaveLength(18_000);
    const stamps = out.map((entry) => (entry.kind === 'line' ? entry.ts : ''));
    expect(stamps).toEqual([...stamps].sort());
  });

  it('leaves out a container removed before its read', async () => {
    const client = await serve(10);
    const gone: string[] = [];
    const out: LogEntry[] = [];
    const sink = new OutputSink(slowOutput(), slowOutput());
    await mergeStoredLogs(
      client,
      reads(['c2', 'gone'], gone),
      (_s, e) => out.push(e),
      sink,
      new AbortController().signal,
    );
    expect(gone).toEqual(['gone']);
    expect(out).toHaveLength(10);
  });

  it('stops when aborted', async () => {
    const client = await serve(100_000);
    const stop = new AbortController();
    const sink = new OutputSink(slowOutput(), slowOutput());
    let written = 0;
    const complete = await mergeStoredLogs(
      client,
      reads(['c2', 'c3']),
      () => {
        if (++written === 1000) stop.abort();
      },
      sink,
      stop.signal,
    );
    expect(complete).toBe(false);
    expect(written).toBeLessThan(200_000);
  });
});
