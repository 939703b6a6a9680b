import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dockerTimestampToUnixNanos,
  type LogLine,
  type StoredLogPage,
  type StoredStreamView,
} from '@bosun/protocol';
import { ManagerClient } from '../http-client.ts';

/** A line of the fake container: seq `seq`, one stamp per microsecond, every fifth on stderr. */
export function fakeLine(seq: number): LogLine {
  const micros = String(seq).padStart(6, '0');
  return {
    kind: 'line',
    seq,
    ts: `2026-11-25T03:19:26.${micros}000Z`,
    stream: seq % 5 === 0 ? 'stderr' : 'stdout',
    text: `line ${seq}`,
  };
}

/**
 * What the fake manager holds: `docker` the lines Docker still has (null: the container is
 * removed), `store` the log store's (null: the manager keeps no store).
 */
export type FakeLogs = {
  docker: LogLine[] | null;
  store: LogLine[] | null;
  removed?: boolean;
  /** What Docker holds after its first read: it rotated again meanwhile. */
  rotateTo?: LogLine[];
  /** The container's host is offline: Docker's log cannot be read. */
  offline?: boolean;
};

/** The requests the fake answered, path and query, in order. */
export type FakeManager = { client: ManagerClient; requests: string[]; close(): Promise<void> };

/**
 * A manager stand-in answering `GET /api/logs` (Docker's lines, the last `tail` of them, one
 * record per line, as a manager from before packs does; `agent_offline` for an offline host) and `GET /api/stored-logs` (the store's, paged as the real route pages).
 */
export async function startFakeLogManager(logs: FakeLogs): Promise<FakeManager> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${url.pathname}${url.search}`);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/logs') {
      if (logs.offline)
        return answer(503, { error: { code: 'agent_offline', message: 'agent db-1 is not connected' } });
      if (logs.docker === null) return answer(404, notFound('no such container'));
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const tail = url.searchParams.get('tail');
      const held =
        tail === null || tail === 'all'
          ? logs.docker
          : logs.docker.slice(Math.max(0, logs.docker.length - Number(tail)));
      // Docker's read numbers its lines from 0, whatever the stream's own numbers are.
      res.end(held.map((line, i) => `${JSON.stringify({ ...line, seq: i })}\n`).join(''));
      if (logs.rotateTo) logs.docker = logs.rotateTo;
      return;
    }
    if (url.pathname === '/api/stored-logs') {
      if (logs.store === null) return answer(404, notFound('this manager keeps no log store'));
      return answer(200, storedPage(logs.store, logs.removed ?? logs.docker === null, url.searchParams));
    }
    answer(404, notFound('no such route'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    client: new ManagerClient(`http://127.0.0.1:${port}`, { token: 'bsn_test' }),
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function notFound(message: string) {
  return { error: { code: 'not_found', message } };
}

// The paging of the real route over `lines`: newer from `afterSeq`, older before `beforeSeq`.
function storedPage(lines: LogLine[], removed: boolean, params: URLSearchParams): StoredLogPage {
  const nanos = (name: string) => {
    const value = params.get(name);
    if (value === null) return undefined;
    // Unix seconds with nine fraction digits, or RFC 3339, as the real route reads them.
    const unix = /^(\d+)\.(\d{9})$/.exec(value);
    return unix ? BigInt(unix[1]!) * 1_000_000_000n + BigInt(unix[2]!) : dockerTimestampToUnixNanos(value);
  };
  const since = nanos('since');
  const until = nanos('until');
  const inRange = lines.filter((line) => {
    const ts = dockerTimestampToUnixNanos(line.ts);
    return (since === undefined || ts >= since) && (until === undefined || ts < until);
  });
  const limit = Number(params.get('limit') ?? 500);
  const after = params.get('afterSeq');
  const before = params.get('beforeSeq');
  const stream = streamView(lines, removed);
  if (params.get('direction') === 'older') {
    const older = inRange.filter((line) => before === null || line.seq < Number(before));
    const entries = older.slice(-limit);
    const more = older.length > entries.length;
    return { stream, entries, older: more ? entries[0]!.seq : null, newer: null };
  }
  const newer = inRange.filter((line) => after === null || line.seq > Number(after));
  const entries = newer.slice(0, limit);
  const more = newer.length > entries.length;
  return { stream, entries, older: null, newer: more ? entries.at(-1)!.seq : null };
}

function streamView(lines: LogLine[], removed: boolean): StoredStreamView {
  return {
    agentId: 'agent-1',
    hostName: 'db-1',
    containerId: 'a'.repeat(64),
    containerName: 'web',
    identity: 'web',
    image: 'busybox',
    createdAt: null,
    firstTs: lines[0]?.ts ?? null,
    lastTs: lines.at(-1)?.ts ?? null,
    lastSeq: lines.at(-1)?.seq ?? null,
    lines: lines.length,
    bytes: 0,
    removed,
  };
}
