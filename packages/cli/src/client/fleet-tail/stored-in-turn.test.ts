import type { LogEntry } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputSink } from '../output-sink.ts';
import { readStoredInTurn } from './stored-in-turn.ts';
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
async function serve(count: number, maxReads: number) {
  const server = await serveStoredLogs(count, maxReads);
  servers.push(server);
  return server;
}

const NINE = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];
const text = (entry: LogEntry) => (entry.kind === 'line' ? entry.text : '');

async function readNine(server: StoredLogServer, lines: number) {
  const out: LogEntry[] = [];
  let unmerged = 0;
  const sink = new OutputSink(slowOutput(), slowOutput());
  const complete = await readStoredInTurn(
    server.client,
    storedReads(NINE),
    (_source, entry) => {
      out.push(entry);
      sink.add('stdout', [Buffer.from('x\n')]);
    },
    sink,
    new AbortController().signal,
    { reads: 3, lines, bytes: 64 * 1024 * 1024 },
    () => unmerged++,
  );
  return { complete, out, unmerged };
}

describe('readStoredInTurn', () => {
  it('reads more containers than the read limit, a few at once, and merges them by timestamp', async () => {
    // The fake manager refuses a fourth read at once, as the real one refuses a ninth.
    const server = await serve(2_000, 3);
    const { complete, out, unmerged } = await readNine(server, 100_000);
    expect(complete).toBe(true);
    expect(unmerged).toBe(0);
    expect(server.peak()).toBeLessThanOrEqual(3);
    expect(out).toHaveLength(18_000);
    const stamps = out.map((entry) => (entry.kind === 'line' ? entry.ts : ''));
    expect(stamps).toEqual([...stamps].sort());
    for (const name of NINE) {
      const own = out.map(text).filter((t) => t.startsWith(`${name} `));
      expect(own).toEqual(Array.from({ length: 2_000 }, (_, i) => `${name} ${i}`));
    }
  });

  it('prints the containers one after another, each complete, when their history is too long to merge', async () => {
    const server = await serve(2_000, 3);
    const { complete, out, unmerged } = await readNine(server, 3_000);
    expect(complete).toBe(true);
    expect(unmerged).toBe(1);
    expect(server.peak()).toBeLessThanOrEqual(3);
    expect(out.map(text)).toEqual(
      NINE.flatMap((name) => Array.from({ length: 2_000 }, (_, i) => `${name} ${i}`)),
    );
  });

  it('fails with the refusal when the manager refuses a read', async () => {
    const server = await serve(20_000, 2);
    await expect(readNine(server, 3_000)).rejects.toMatchObject({ code: 'limit_exceeded', status: 429 });
  });
});
