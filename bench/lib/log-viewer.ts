import { encodeRequest, type Frame, type LogEntry, type ReplyData, ReplyInboxes } from '@bosun/protocol';
import WebSocket from 'ws';
import { dockerTsToMs, type LatencyFrom, lineWriteMs, nowMs } from './docker-time.ts';
import { LatencyHistogram } from './histogram.ts';

// A manager that has not answered a subscribe within this is broken for the scenario's purpose.
const SUBSCRIBE_TIMEOUT_MS = 60_000;

/** What one viewer got of lines 1..last (line 0 is the container's "ready" line). */
export type ViewerCounts = {
  lines: number;
  duplicates: number;
  gapLines: number;
  gaps: number;
  /** Lines neither received nor reported lost. */
  missing: number;
  outOfOrder: number;
  /** logs.batch frames received: lines per frame is what the manager's per-viewer cost follows. */
  frames: number;
  /** Wall-clock ms when the last of lines 1..last was accounted for (0 if never). */
  doneAt: number;
  /** Wall-clock ms of the last line counted. */
  lastAt: number;
};

// Hundreds of viewers of one stream in one load process receive the same frame text, each on its
// own socket. Parsing it once per process instead of once per viewer is what lets one process
// stand in for hundreds of browsers without its own parsing (and garbage) passing for manager
// latency; each viewer still receives, decodes, compares and counts its own copy. Frames are
// only read, never changed, so sharing the parsed object is safe.
let sharedText = '';
let sharedFrame: Frame | undefined;

function parseShared(text: string): Frame {
  if (text !== sharedText || sharedFrame === undefined) {
    sharedFrame = JSON.parse(text) as Frame;
    sharedText = text;
  }
  return sharedFrame;
}

/**
 * A /ws/logs viewer that counts instead of keeping frames, so hundreds fit in one process:
 * each line 1..last once, duplicates, lines reported lost (logs.gap or gap entries), order,
 * and the latency from each line's Docker stamp, or the write time it carries, to the moment
 * its frame was handled.
 */
export class CountingViewer {
  readonly ws: WebSocket;
  readonly latency: LatencyHistogram;
  readonly #last: number;
  readonly #from: LatencyFrom;
  readonly #seen: Uint8Array;
  readonly #waiting = new ReplyInboxes();
  #ready: (() => void) | undefined;
  #readySeen = false;
  #maxSeq = 0;
  counts: ViewerCounts = {
    lines: 0,
    duplicates: 0,
    gapLines: 0,
    gaps: 0,
    missing: 0,
    outOfOrder: 0,
    frames: 0,
    doneAt: 0,
    lastAt: 0,
  };

  private constructor(ws: WebSocket, last: number, latency: LatencyHistogram, from: LatencyFrom) {
    this.ws = ws;
    this.#last = last;
    this.#from = from;
    this.#seen = new Uint8Array(last + 1);
    this.latency = latency;
    ws.on('message', (data: Buffer) => this.#onMessage(data));
  }

  /** Opens a socket with an API token; `latency` may be shared by many viewers. */
  static open(
    url: string,
    token: string,
    last: number,
    latency = new LatencyHistogram(),
    from: LatencyFrom = 'docker',
  ): Promise<CountingViewer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/logs`, {
        headers: { authorization: `Bearer ${token}` },
        perMessageDeflate: false,
      });
      ws.once('open', () => resolve(new CountingViewer(ws, last, latency, from)));
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`/ws/logs upgrade refused: ${res.statusCode}`)),
      );
      ws.once('error', reject);
    });
  }

  /** Subscribes and resolves once the "ready" line (seq 0) has arrived: the stream is live. */
  async subscribe(agent: string, container: string): Promise<void> {
    const { inbox, settled } = this.#waiting.open(SUBSCRIBE_TIMEOUT_MS, 'logs.subscribe: no answer');
    const ready = new Promise<void>((resolve) => {
      this.#ready = resolve;
    });
    this.ws.send(encodeRequest('logs.subscribe', { sub: 's', agent, container }, inbox));
    await settled.catch((error: Error) => {
      throw new Error(`logs.subscribe: ${error.message}`);
    });
    if (!this.#readySeen) await ready;
  }

  get done(): boolean {
    return this.counts.doneAt > 0;
  }

  close(): void {
    this.ws.terminate();
  }

  /** Final counts: whatever was neither received nor reported lost is missing. */
  finish(): ViewerCounts {
    const { lines, gapLines } = this.counts;
    this.counts.missing = this.#last - lines - gapLines;
    return this.counts;
  }

  #onMessage(data: Buffer): void {
    const at = nowMs();
    const frame = parseShared(data.toString('utf8'));
    if (this.#waiting.has(frame.subject)) {
      this.#waiting.settle(frame.subject, frame.data as ReplyData);
      return;
    }
    if (frame.subject === 'logs.batch') this.counts.frames += 1;
    if (frame.subject === 'logs.batch' || frame.subject === 'logs.history') {
      for (const entry of (frame.data as { entries: LogEntry[] }).entries) this.#entry(entry, at);
    } else if (frame.subject === 'logs.gap') {
      const gap = frame.data as { fromSeq: number; toSeq: number };
      this.#lost(gap.fromSeq, gap.toSeq, at);
    }
  }

  #entry(entry: LogEntry, at: number): void {
    if (entry.kind === 'gap') this.#lost(entry.fromSeq, entry.toSeq, at);
    if (entry.kind !== 'line') return;
    const seq = entry.seq;
    if (seq === 0) {
      this.#readySeen = true;
      this.#ready?.();
      return;
    }
    if (seq > this.#last) return;
    if (this.#seen[seq]) {
      this.counts.duplicates += 1;
      return;
    }
    if (seq < this.#maxSeq) this.counts.outOfOrder += 1;
    this.#maxSeq = Math.max(this.#maxSeq, seq);
    this.#seen[seq] = 1;
    this.counts.lines += 1;
    this.counts.lastAt = at;
    this.latency.add(at - (this.#from === 'write' ? lineWriteMs(entry.text) : dockerTsToMs(entry.ts)));
    this.#check(at);
  }

  #lost(fromSeq: number, toSeq: number, at: number): void {
    this.counts.gaps += 1;
    for (let s = Math.max(1, fromSeq); s <= Math.min(toSeq, this.#last); s++) {
      if (this.#seen[s]) continue;
      this.#seen[s] = 2;
      this.counts.gapLines += 1;
    }
    this.#check(at);
  }

  #check(at: number): void {
    if (this.counts.doneAt === 0 && this.counts.lines + this.counts.gapLines >= this.#last)
      this.counts.doneAt = at;
  }
}
