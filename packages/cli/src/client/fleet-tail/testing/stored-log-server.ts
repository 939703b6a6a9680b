import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { LogLine } from '@bosun/protocol';
import { ManagerClient } from '../../http-client.ts';
import type { StoredRead } from '../stored-read.ts';
import { tailSource } from '../tail-source.ts';

/** Container `c<k>`'s line `index`: written at every `k`-th nanosecond, so merged stamps interleave. */
export function storedLine(step: number, index: number): LogLine {
  const nanos = step * index + 1;
  return {
    kind: 'line',
    seq: index,
    ts: `2026-11-25T03:19:26.${String(nanos).padStart(9, '0')}Z`,
    stream: 'stdout',
    text: `c${step} ${index}`,
  };
}

/** A fake manager's `/api/logs` and what it saw. */
export type StoredLogServer = {
  client: ManagerClient;
  /** The most reads that were open at once. */
  peak(): number;
  close(): Promise<void>;
};

/**
 * Serves `/api/logs` for containers `c<k>` (`count` lines each, see `storedLine`) at the reader's
 * pace; `gone` is not found, and beyond `maxReads` open reads the answer is the manager's 429
 * `limit_exceeded`, as its per-user read limit gives it.
 */
export async function serveStoredLogs(
  count: number,
  maxReads = Number.POSITIVE_INFINITY,
): Promise<StoredLogServer> {
  let open = 0;
  let peak = 0;
  const server: Server = createServer(async (req, res) => {
    const container = new URL(req.url ?? '/', 'http://x').searchParams.get('container') ?? '';
    const error = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message } }));
    };
    if (container === 'gone') return error(404, 'not_found', 'no such container');
    if (open >= maxReads)
      return error(429, 'limit_exceeded', `at most ${maxReads} log reads at once per user`);
    open++;
    peak = Math.max(peak, open);
    res.once('close', () => open--);
    const step = Number(container.slice(1));
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (let i = 0; i < count && !res.destroyed; i++) {
      if (!res.write(`${JSON.stringify(storedLine(step, i))}\n`))
        await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    client: new ManagerClient(`http://127.0.0.1:${port}`, { token: 'bsn_test' }),
    peak: () => peak,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A reader slower than the manager: each write completes on a later turn. */
export function slowOutput(): Writable {
  return new Writable({ highWaterMark: 1024, write: (_chunk, _encoding, done) => setImmediate(done) });
}

/** Stored reads of all lines of the named containers; `gone` collects those reported removed. */
export function storedReads(names: readonly string[], gone: string[] = []): StoredRead[] {
  return names.map((name) => ({
    source: tailSource({ agentName: 'vm', name, id: name }),
    query: { host: 'vm', container: name, tail: 'all' },
    onEntry: () => true,
    onGone: () => gone.push(name),
  }));
}
