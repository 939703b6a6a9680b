import type { LogEntry } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerError } from '../../exit-codes.ts';
import { OutputSink } from '../output-sink.ts';
import { mergeStoredLogs } from './stored-merge.ts';
import {
  type StoredLogServer,
  serveStoredLogs,
  slowOutput,
  storedReads,
} from './testing/stored-log-server.ts';

const servers: StoredLogServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function serve(count: number, maxReads?: number) {
  const server = await serveStoredLogs(count, maxReads);
  servers.push(server);
  return server;
}

describe('mergeStoredLogs', () => {
  it('merges every line of every container by timestamp through a slow output', async () => {
    const { client } = await serve(6_000);
    const out: LogEntry[] = [];
    const sink = new OutputSink(slowOutput(), slowOutput());
    const complete = await mergeStoredLogs(
      client,
      storedReads(['c2', 'c3', 'c5']),
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
    const { client } = await serve(10);
    const gone: string[] = [];
    const out: LogEntry[] = [];
    const sink = new OutputSink(slowOutput(), slowOutput());
    await mergeStoredLogs(
      client,
      storedReads(['c2', 'gone'], gone),
      (_s, e) => out.push(e),
      sink,
      new AbortController().signal,
    );
    expect(gone).toEqual(['gone']);
    expect(out).toHaveLength(10);
  });

  it('fails with the refusal when the manager refuses a read, and stops the others', async () => {
    // The other reads fill their queues and pause while the merge waits for the refused one:
    // the merge must end them rather than wait for them forever.
    const server = await serve(20_000, 2);
    const sink = new OutputSink(slowOutput(), slowOutput());
    const merged = mergeStoredLogs(
      server.client,
      storedReads(['c2', 'c3', 'c5']),
      () => {},
      sink,
      new AbortController().signal,
    );
    await expect(merged).rejects.toThrow(ManagerError);
    await expect(merged).rejects.toMatchObject({ code: 'limit_exceeded', status: 429 });
  });

  it('stops when aborted', async () => {
    const { client } = await serve(100_000);
    const stop = new AbortController();
    const sink = new OutputSink(slowOutput(), slowOutput());
    let written = 0;
    const complete = await mergeStoredLogs(
      client,
      storedReads(['c2', 'c3']),
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
