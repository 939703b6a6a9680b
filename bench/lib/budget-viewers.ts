import { encodeRequest, newInbox } from '@bosun/protocol';
import WebSocket from 'ws';
import { LatencyHistogram } from './histogram.ts';

// The viewers of the stalled-viewers scenario, in a process of their own (forked by the
// scenario): `stalled` sockets that subscribe to a few streams each and then stop reading (the
// socket is paused, so TCP backs up into the manager), and `active` viewers, one stream each,
// that read everything and measure each line's latency from the time its batch was sent.
// IPC in: {type:'measure'} starts counting latency, {type:'result'} ends; out: {type:'ready'},
// {type:'result', result: BudgetViewersResult}.

export type Stream = { agent: string; container: string };

export type BudgetViewersSpec = {
  url: string;
  /** API tokens the stalled sockets are spread over (a user may hold a quarter of the sockets). */
  stalledTokens: string[];
  activeToken: string;
  streams: Stream[];
  stalled: number;
  subscriptionsPerStalled: number;
  /** Lines of history each stalled subscription asks for (`tail`), to fill its socket at once. */
  stalledTail: number;
  active: number;
};

export type BudgetViewersResult = {
  latency: ReturnType<LatencyHistogram['toSparse']>;
  activeLines: number;
  /** Lines the active viewers were told they missed (`logs.gap`), and lines missing without one. */
  activeGapLines: number;
  activeMissing: number;
  activeDuplicates: number;
  /** Subscriptions the manager refused (a stalled viewer's socket cannot tell it was closed: it reads nothing). */
  refused: number;
  /** Stalled sockets the manager closed (its memory budget sheds the furthest behind). */
  stalledClosed: number;
  /** Active viewers' sockets closed before the end: none should be. */
  activeClosed: number;
  cpuSeconds: number;
};

const CONNECT_CONCURRENCY = 50;
const latency = new LatencyHistogram();
let measuring = false;
let refused = 0;
let stalledClosed = 0;
let activeClosed = 0;
let ending = false;

function open(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/logs`, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`/ws/logs refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/**
 * Sends the subscriptions and resolves once each is answered (any answer: a refusal is counted)
 * or the socket closes (the manager may shed a socket that fell behind while it subscribes).
 */
function subscribe(
  ws: WebSocket,
  streams: Stream[],
  tail: number,
  onFrame?: (frame: Frame) => void,
): Promise<void> {
  const waiting = new Map<string, () => void>();
  ws.once('close', () => {
    for (const answered of waiting.values()) answered();
    waiting.clear();
  });
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Frame;
    const answered = waiting.get(frame.subject);
    if (answered) {
      waiting.delete(frame.subject);
      if (!(frame.data as { ok: boolean }).ok) refused += 1;
      answered();
      return;
    }
    onFrame?.(frame);
  });
  return Promise.all(
    streams.map((stream, i) => {
      const inbox = newInbox();
      const answered = new Promise<void>((resolve) => waiting.set(inbox, resolve));
      ws.send(encodeRequest('logs.subscribe', { sub: `s${i}`, ...stream, tail }, inbox));
      return answered;
    }),
  ).then(() => undefined);
}

type Frame = { subject: string; data: unknown };
type Line = { kind: string; seq: number; text: string };

class ActiveViewer {
  lines = 0;
  gapLines = 0;
  missing = 0;
  duplicates = 0;
  #next: number | undefined;

  onFrame(frame: Frame): void {
    const at = performance.timeOrigin + performance.now();
    if (frame.subject === 'logs.gap') {
      const gap = frame.data as { fromSeq: number; toSeq: number; count: number };
      this.gapLines += gap.count;
      this.#next = Math.max(this.#next ?? 0, gap.toSeq + 1);
      return;
    }
    if (frame.subject !== 'logs.batch' && frame.subject !== 'logs.history') return;
    for (const entry of (frame.data as { entries: Line[] }).entries) {
      if (entry.kind !== 'line') continue;
      if (this.#next !== undefined && entry.seq < this.#next) {
        this.duplicates += 1;
        continue;
      }
      if (this.#next !== undefined && entry.seq > this.#next) this.missing += entry.seq - this.#next;
      this.#next = entry.seq + 1;
      this.lines += 1;
      const sent = Number(
        entry.text.slice(entry.text.indexOf(' ') + 1, entry.text.indexOf(' ', entry.text.indexOf(' ') + 1)),
      );
      if (measuring) latency.add(at - sent / 1000);
    }
  }
}

async function main(spec: BudgetViewersSpec): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < spec.stalled; i += CONNECT_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, spec.stalled - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map(async (n) => {
        const ws = await open(spec.url, spec.stalledTokens[n % spec.stalledTokens.length]!);
        sockets.push(ws);
        ws.on('error', () => {});
        ws.once('close', () => {
          if (!ending) stalledClosed += 1;
        });
        const streams = Array.from(
          { length: spec.subscriptionsPerStalled },
          (_, k) => spec.streams[(n * spec.subscriptionsPerStalled + k) % spec.streams.length]!,
        );
        await subscribe(ws, streams, spec.stalledTail);
        // From here on this viewer reads nothing: the kernel's buffers fill, then the manager's.
        ws.pause();
      }),
    );
  }
  const active = Array.from({ length: spec.active }, () => new ActiveViewer());
  await Promise.all(
    active.map(async (viewer, i) => {
      const ws = await open(spec.url, spec.activeToken);
      sockets.push(ws);
      ws.once('close', () => {
        if (!ending) activeClosed += 1;
      });
      await subscribe(ws, [spec.streams[(i * 7) % spec.streams.length]!], 0, (frame) =>
        viewer.onFrame(frame),
      );
    }),
  );
  process.send!({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'measure') measuring = true;
    if (m.type !== 'result') return;
    const sum = (pick: (v: ActiveViewer) => number) => active.reduce((n, v) => n + pick(v), 0);
    const { user, system } = process.cpuUsage();
    const result: BudgetViewersResult = {
      latency: latency.toSparse(),
      activeLines: sum((v) => v.lines),
      activeGapLines: sum((v) => v.gapLines),
      activeMissing: sum((v) => v.missing),
      activeDuplicates: sum((v) => v.duplicates),
      refused,
      stalledClosed,
      activeClosed,
      cpuSeconds: (user + system) / 1e6,
    };
    ending = true;
    for (const ws of sockets) ws.terminate();
    process.send!({ type: 'result', result }, () => process.exit(0));
  });
}

// A bench that died must not leave a thousand sockets behind.
process.on('disconnect', () => process.exit(1));
await main(JSON.parse(process.argv[2]!) as BudgetViewersSpec);
