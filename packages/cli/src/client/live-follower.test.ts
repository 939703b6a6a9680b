import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import {
  Backoff,
  type DataOf,
  encodePush,
  encodeReply,
  type LogEntry,
  type LogLine,
  type LogLineFilter,
  packLogLines,
} from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { HistoryDedup, HistoryTracker } from './history-dedup.ts';
import { lineSelection } from './line-selection.ts';
import { type LineVerdict, LiveFollower } from './live-follower.ts';
import { judgeLiveLine } from './live-judge.ts';
import { LogPrinter } from './log-printer.ts';
import { OutputSink } from './output-sink.ts';
import { fixedToken, type TokenSource } from './saved-token.ts';

const CONTAINER_ID = 'c'.repeat(64);
const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

const ts = (n: number) => `2026-11-25T03:19:26.${String(n).padStart(9, '0')}Z`;
const line = (seq: number, stream: 'stdout' | 'stderr' = 'stdout'): LogLine => ({
  kind: 'line',
  seq,
  ts: ts(seq),
  stream,
  text: `line ${seq}`,
});

type Subscribe = { data: DataOf<'logs.subscribe'>; reply: string };
type Peer = { socket: WebSocket; subscribe: Subscribe; headers: Record<string, unknown>; url: string };

/** A manager stand-in: each connection hands its first subscribe request to the test. */
async function scriptedManager() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const peers: Peer[] = [];
  const waiting: Array<(peer: Peer) => void> = [];
  server.on('connection', (socket, request) => {
    socket.once('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Subscribe & { subject: string };
      const peer = { socket, subscribe: frame, headers: request.headers, url: request.url ?? '' };
      const next = waiting.shift();
      if (next) next(peer);
      else peers.push(peer);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws/logs`,
    next: () =>
      new Promise<Peer>((resolve) => {
        const ready = peers.shift();
        if (ready) resolve(ready);
        else waiting.push(resolve);
      }),
  };
}

function accept(peer: Peer, firstSeq: number, nextSeq: number): void {
  const { sub } = peer.subscribe.data;
  peer.socket.send(
    encodeReply(peer.subscribe.reply, { sub, container: CONTAINER_ID, agent: 'agt_1', firstSeq, nextSeq }),
  );
}

function batch(peer: Peer, entries: LogEntry[], subject: 'logs.batch' | 'logs.history' = 'logs.batch') {
  const { sub } = peer.subscribe.data;
  if (subject === 'logs.history') peer.socket.send(encodePush('logs.history', { sub, entries, done: true }));
  else peer.socket.send(encodePush('logs.batch', { sub, entries }));
}

function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), bytes: () => Buffer.concat(chunks) };
}

function follower(
  url: string,
  dedup: HistoryDedup,
  {
    verbose = false,
    tokens = fixedToken('bsn_secret'),
    filter,
    judge = (l) => (dedup.accept(l.stream, l.ts) ? 'print' : 'skip'),
  }: {
    verbose?: boolean;
    tokens?: TokenSource;
    filter?: LogLineFilter;
    judge?: (line: LogLine) => LineVerdict;
  } = {},
) {
  const out = collector();
  const err = collector();
  const sink = new OutputSink(out.stream, err.stream);
  const printer = new LogPrinter(sink, { timestamps: false, verbose });
  const interrupt = new AbortController();
  const live = new LiveFollower({
    socketUrl: url,
    tokens,
    host: 'db-1',
    container: 'web',
    judge,
    ...(filter ? { filter } : {}),
    printer,
    sink,
    signal: interrupt.signal,
    delay: new Backoff({ initialMs: 10, maxMs: 20, jitter: 'equal' }),
  });
  return { live, out, err, interrupt, sink };
}

describe('LiveFollower', () => {
  it('skips what the history printed, resumes after a dropped socket from the next seq, ends at end', async () => {
    const manager = await scriptedManager();
    const { live, out, err, sink } = follower(
      manager.url,
      new HistoryDedup({ start: ts(0), streams: { stdout: { ts: ts(1), countAtTs: 1 } } }),
    );
    const done = live.run();

    const first = await manager.next();
    expect(first.headers.authorization).toBe('Bearer bsn_secret');
    expect(first.url).toBe('/ws/logs');
    // It asks for packed batches; this stand-in, like an older manager, sends logs.batch anyway.
    expect(first.subscribe.data).toEqual({
      sub: first.subscribe.data.sub,
      agent: 'db-1',
      container: 'web',
      packed: true,
    });
    accept(first, 0, 3);
    batch(first, [line(0), line(1), line(2, 'stderr')], 'logs.history');
    batch(first, [line(3), { kind: 'restart', afterSeq: 3, ts: ts(4) }]);
    await expect.poll(() => out.text()).toContain('line 3');
    first.socket.terminate();

    const second = await manager.next();
    expect(second.subscribe.data.fromSeq).toBe(4);
    accept(second, 0, 4);
    batch(second, [line(4), { kind: 'gap', fromSeq: 5, toSeq: 6, reason: 'agent_backpressure' }, line(7)]);
    batch(second, [{ kind: 'end', afterSeq: 7, reason: 'removed' }]);

    expect(await done).toBe('ended');
    await sink.finish();
    expect(out.text()).toBe('line 3\nline 4\nline 7\n');
    expect(err.text()).toBe(
      [
        'line 2',
        'bosun: lost the connection to the manager; reconnecting',
        'bosun: reconnected to the manager',
        'bosun: 2 log lines were lost here (agent backpressure)',
        '',
      ].join('\n'),
    );
  });

  it('prints packed batches as it prints the same lines per entry, and resumes after their last seq', async () => {
    const manager = await scriptedManager();
    const { live, out, err, sink, interrupt } = follower(manager.url, new HistoryDedup(undefined));
    const done = live.run();
    const first = await manager.next();
    accept(first, 0, 0);
    const { sub } = first.subscribe.data;
    const lines: LogLine[] = [
      line(0),
      { ...line(1, 'stderr'), text: 'warn\r' },
      { ...line(2), text: '/w==', encoding: 'base64' },
      { ...line(3), text: 'no newline', partial: true },
    ];
    first.socket.send(encodePush('logs.batch.packed', { sub, lines: packLogLines(lines)[0]! }));
    await expect.poll(() => out.text()).toContain('no newline');
    first.socket.terminate();
    const second = await manager.next();
    expect(second.subscribe.data.fromSeq).toBe(4);
    interrupt.abort();
    expect(await done).toBe('stopped');
    await sink.finish();
    expect(out.bytes()).toEqual(Buffer.from('line 0\n\xff\nno newline', 'latin1'));
    expect(err.text()).toContain('warn\r\n');
  });

  it('resumes from the first seq the reply named when nothing came yet', async () => {
    const manager = await scriptedManager();
    const { live, err, interrupt } = follower(manager.url, new HistoryDedup(undefined), { verbose: true });
    const done = live.run();
    const first = await manager.next();
    expect(first.subscribe.data.tail).toBeUndefined();
    accept(first, 10, 10);
    // The follower took the reply in: it says it follows (with --verbose) once it holds firstSeq.
    await expect.poll(() => err.text()).toContain('following the live stream');
    first.socket.terminate();
    const second = await manager.next();
    expect(second.subscribe.data.fromSeq).toBe(10);
    interrupt.abort();
    expect(await done).toBe('stopped');
  });

  it('gives up at once on an answer no retry changes', async () => {
    const manager = await scriptedManager();
    const { live } = follower(manager.url, new HistoryDedup(undefined));
    const done = live.run();
    const first = await manager.next();
    first.socket.send(
      JSON.stringify({
        subject: first.subscribe.reply,
        data: { ok: false, error: { code: 'not_found', message: 'no container web on db-1' } },
      }),
    );
    await expect(done).rejects.toThrow('no container web on db-1');
  });

  it('follows on with a renewed token when the manager cuts the socket 4401, resuming after the last entry', async () => {
    const manager = await scriptedManager();
    const refused: string[] = [];
    let token = 'bsn_old';
    const tokens: TokenSource = {
      current: () => token,
      replacement: async (old) => {
        refused.push(old);
        token = 'bsn_new';
        return token;
      },
      keepRenewed: () => () => {},
    };
    const { live, out, err, sink } = follower(manager.url, new HistoryDedup(undefined), { tokens });
    const done = live.run();
    const first = await manager.next();
    expect(first.headers.authorization).toBe('Bearer bsn_old');
    accept(first, 0, 0);
    batch(first, [line(0), line(1)]);
    await expect.poll(() => out.text()).toContain('line 1');
    first.socket.close(4401, 'session ended');

    const second = await manager.next();
    expect(refused).toEqual(['bsn_old']);
    expect(second.headers.authorization).toBe('Bearer bsn_new');
    expect(second.subscribe.data.fromSeq).toBe(2);
    accept(second, 0, 2);
    batch(second, [line(2), { kind: 'end', afterSeq: 2, reason: 'removed' }]);
    expect(await done).toBe('ended');
    await sink.finish();
    expect(out.text()).toBe('line 0\nline 1\nline 2\n');
    // A renewed token is no outage: nothing to say without --verbose.
    expect(err.text()).toBe('');
  });

  it('ends with the refusal when the manager cuts the socket 4401 and there is no other token', async () => {
    const manager = await scriptedManager();
    const { live } = follower(manager.url, new HistoryDedup(undefined));
    const done = live.run();
    const first = await manager.next();
    accept(first, 0, 0);
    first.socket.close(4401, 'session ended');
    await expect(done).rejects.toThrow('the manager refused the API token');
  });

  it('asks for its filter, and resumes after the lines a report says were skipped, without a word', async () => {
    const manager = await scriptedManager();
    const filter: LogLineFilter = { pattern: 'ERROR', regex: true };
    const { live, out, err, sink, interrupt } = follower(manager.url, new HistoryDedup(undefined), {
      filter,
    });
    const done = live.run();
    const first = await manager.next();
    expect(first.subscribe.data.filter).toEqual(filter);
    accept(first, 0, 0);
    const { sub } = first.subscribe.data;
    batch(first, [{ ...line(3), text: 'ERROR x' }]);
    first.socket.send(encodePush('logs.skipped', { sub, count: 96, throughSeq: 99 }));
    // A push after the report, to know the report was read: frames are read in order.
    first.socket.send(encodePush('logs.status', { sub, state: 'agent_offline' }));
    await expect.poll(() => err.text()).toContain('offline');
    expect(out.text()).toBe('ERROR x\n');
    first.socket.terminate();
    const second = await manager.next();
    expect(second.subscribe.data.fromSeq).toBe(100);
    interrupt.abort();
    expect(await done).toBe('stopped');
    await sink.finish();
    expect(err.text()).not.toContain('96');
  });

  it('against a manager that does not know filters, prints only the matching lines, none twice', async () => {
    const manager = await scriptedManager();
    const filter: LogLineFilter = { pattern: 'ERROR', regex: true, caseSensitive: true };
    const selection = lineSelection((l) => /ERROR/.test(l.text), filter);
    const text = (seq: number) => (seq % 2 === 1 ? `ERROR ${seq}` : `noise ${seq}`);
    const at = (seq: number): LogLine => ({ ...line(seq), text: text(seq) });
    // The history printed seqs 0..2, counting what a filtering manager would have sent.
    const history = new HistoryTracker();
    for (const seq of [0, 1, 2]) if (selection.sent(at(seq))) history.add('stdout', ts(seq));
    const dedup = new HistoryDedup(history.mark);
    const judge = (l: LogLine) => judgeLiveLine(l, dedup, { since: undefined, until: undefined }, selection);
    const { live, out, sink, interrupt } = follower(manager.url, dedup, { filter, judge });
    const done = live.run();
    const peer = await manager.next();
    expect(peer.subscribe.data.filter).toEqual(filter);
    // An older manager dropped the filter: the ring's replay and every live line come whole.
    accept(peer, 0, 3);
    batch(peer, [0, 1, 2].map(at), 'logs.history');
    batch(peer, [3, 4, 5, 6, 7].map(at));
    await expect.poll(() => out.text()).toBe('ERROR 3\nERROR 5\nERROR 7\n');
    interrupt.abort();
    expect(await done).toBe('stopped');
    await sink.finish();
  });
});
