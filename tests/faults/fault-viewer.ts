import {
  decode,
  encodeRequest,
  isReplyFrame,
  type LogEntry,
  type LogLine,
  ReplyInboxes,
  subjectsFor,
} from '@bosun/protocol';
import WebSocket from 'ws';

const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_MS = 250;
const VIEWER_SUBJECTS = subjectsFor('manager->viewer');

/** A range of seqs the manager said this viewer will never get, and why. */
export type SeenGap = { fromSeq: number; toSeq: number; reason: string };

/** Everything one subscription received, in arrival order. */
export type Watched = {
  container: string;
  lines: LogLine[];
  gaps: SeenGap[];
  /** Markers other than gaps (`restart`, `end`), by kind. */
  markers: LogEntry['kind'][];
  /** `logs.status` states in the order they came. */
  states: string[];
  /** Times the subscription was asked for (the first, then each resume). */
  subscribes: number;
};

/**
 * A protocol viewer of /ws/logs as the web UI's is: it validates every frame, keeps what each
 * subscription received, and when its socket drops it reconnects and resubscribes from the seq
 * after the last it holds, retrying refusals (host offline, manager starting) until it is
 * closed. `stall` stops reading the socket, as a frozen tab does; `resume` reads again.
 */
export class FaultViewer {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #subs = new Map<string, Watched>();
  readonly #inboxes = new ReplyInboxes();
  // The agent of each subscription, for its resubscribes.
  readonly #agents = new Map<string, string>();
  #ws: WebSocket | undefined;
  #closed = false;
  #stalled = false;
  #nextSub = 1;
  /** Socket drops the viewer came back from. */
  reconnects = 0;
  /** Frames that failed validation: there must be none. */
  readonly invalid: string[] = [];

  constructor(url: string, headers: Record<string, string>) {
    this.#url = `${url.replace(/^http/, 'ws')}/ws/logs`;
    this.#headers = headers;
  }

  /** Subscribes to `container` (id or name) of `agent` and returns what it receives. */
  async watch(agent: string, container: string): Promise<Watched> {
    const sub = `s${this.#nextSub++}`;
    const watched: Watched = { container, lines: [], gaps: [], markers: [], states: [], subscribes: 0 };
    this.#subs.set(sub, watched);
    await this.#connected();
    await this.#subscribe(sub, agent);
    return watched;
  }

  /** Stops following `watched`. */
  async unwatch(watched: Watched): Promise<void> {
    const sub = [...this.#subs].find(([, w]) => w === watched)?.[0];
    if (sub === undefined) return;
    this.#subs.delete(sub);
    if (this.#ws?.readyState !== WebSocket.OPEN) return;
    // A subscription whose stream ended is already gone on the manager: "no subscription" is fine.
    await this.#request('logs.unsubscribe', { sub }).catch(() => undefined);
  }

  stall(): void {
    this.#stalled = true;
    this.#ws?.pause();
  }

  resume(): void {
    this.#stalled = false;
    this.#ws?.resume();
  }

  close(): void {
    this.#closed = true;
    this.#ws?.terminate();
    this.#inboxes.failAll(new Error('the viewer closed'));
  }

  async #connected(): Promise<void> {
    if (this.#ws?.readyState === WebSocket.OPEN) return;
    for (;;) {
      if (this.#closed) throw new Error('the viewer closed');
      const ws = await this.#dial();
      if (ws !== undefined) {
        this.#adopt(ws);
        return;
      }
      await pause(RETRY_MS);
    }
  }

  #dial(): Promise<WebSocket | undefined> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.#url, {
        headers: this.#headers,
        perMessageDeflate: false,
        handshakeTimeout: REQUEST_TIMEOUT_MS,
      });
      ws.once('open', () => resolve(ws));
      // The manager is away (restarting): the caller dials again.
      ws.once('error', () => resolve(undefined));
      ws.once('unexpected-response', () => {
        ws.terminate();
        resolve(undefined);
      });
    });
  }

  #adopt(ws: WebSocket): void {
    this.#ws = ws;
    if (this.#stalled) ws.pause();
    ws.on('message', (data: Buffer) => this.#receive(data));
    ws.on('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#inboxes.failAll(new Error('the socket closed'));
      if (!this.#closed) void this.#comeBack();
    });
  }

  async #comeBack(): Promise<void> {
    try {
      await this.#connected();
    } catch {
      // Closed while away: nothing to come back to.
      return;
    }
    this.reconnects += 1;
    // Each resubscribe retries on its own until it is accepted or the viewer closes.
    for (const sub of this.#subs.keys()) void this.#subscribe(sub, undefined);
  }

  // Asks until accepted: a refusal for a passing reason (host offline, list not in yet) is retried.
  async #subscribe(sub: string, agent: string | undefined): Promise<void> {
    const watched = this.#subs.get(sub);
    if (watched === undefined) return;
    if (agent !== undefined) this.#agents.set(sub, agent);
    for (;;) {
      if (this.#closed || !this.#subs.has(sub)) return;
      const fromSeq = resumeSeq(watched);
      watched.subscribes += 1;
      const answer = await this.#request('logs.subscribe', {
        sub,
        agent: this.#agents.get(sub) ?? '',
        container: watched.container,
        ...(fromSeq === undefined ? {} : { fromSeq }),
      }).catch((error: Error) => error);
      if (!(answer instanceof Error)) return;
      // A closed socket resubscribes from #comeBack.
      if (this.#ws === undefined) return;
      await pause(RETRY_MS);
    }
  }

  #request(subject: 'logs.subscribe' | 'logs.unsubscribe', data: object): Promise<unknown> {
    const ws = this.#ws;
    if (ws === undefined) return Promise.reject(new Error('not connected'));
    const { inbox, settled } = this.#inboxes.open(REQUEST_TIMEOUT_MS, `${subject}: no answer`);
    ws.send(encodeRequest(subject, data as never, inbox));
    return settled;
  }

  #receive(data: Buffer): void {
    const decoded = decode(data, { allow: VIEWER_SUBJECTS });
    if (!decoded.ok) {
      this.invalid.push(decoded.error.message);
      return;
    }
    const frame = decoded.frame;
    if (isReplyFrame(frame)) {
      this.#inboxes.settle(frame.subject, frame.data);
      return;
    }
    switch (frame.subject) {
      case 'logs.history':
      case 'logs.batch': {
        const watched = this.#subs.get(frame.data.sub);
        for (const entry of frame.data.entries) if (watched) take(watched, entry);
        break;
      }
      case 'logs.gap': {
        const { sub, fromSeq, toSeq, reason } = frame.data;
        this.#subs.get(sub)?.gaps.push({ fromSeq, toSeq, reason });
        break;
      }
      case 'logs.status':
        this.#subs.get(frame.data.sub)?.states.push(frame.data.state);
        break;
    }
  }
}

function take(watched: Watched, entry: LogEntry): void {
  if (entry.kind === 'line') watched.lines.push(entry);
  else if (entry.kind === 'gap')
    watched.gaps.push({ fromSeq: entry.fromSeq, toSeq: entry.toSeq, reason: entry.reason });
  else watched.markers.push(entry.kind);
}

/** The seq to resume from: after the last line or gap received, or none for a fresh start. */
function resumeSeq(watched: Watched): number | undefined {
  const lastLine = watched.lines.reduce((most, line) => Math.max(most, line.seq), -1);
  const lastGap = watched.gaps.reduce((most, gap) => Math.max(most, gap.toSeq), -1);
  const last = Math.max(lastLine, lastGap);
  return last < 0 ? undefined : last + 1;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
