// Test doubles for LogSession: a scripted socket and hand-run timers.
import { CLOSE_CODES, type DataOf, encodePush, encodeReply, type LogEntry } from '@bosun/protocol';
import { LogSession } from './log-session.ts';
import type { LogSessionOptions, WebSocketLike } from './session-types.ts';

export type SentFrame = { subject: string; reply?: string; data: Record<string, unknown> };

export class FakeSocket implements WebSocketLike {
  readonly url: string;
  readyState = 0;
  readonly sent: SentFrame[] = [];
  closedWith: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as SentFrame);
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: string): void {
    this.onmessage?.({ data: frame } as MessageEvent);
  }

  drop(code: number = CLOSE_CODES.abnormal, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }

  subscribes(): Array<{ reply: string; data: DataOf<'logs.subscribe'> }> {
    return this.sent
      .filter((f) => f.subject === 'logs.subscribe')
      .map((f) => ({ reply: f.reply as string, data: f.data as DataOf<'logs.subscribe'> }));
  }

  /** Answers the subscribe of `container` as the hub does, before any history. */
  accept(container: string, positions: { firstSeq?: number; nextSeq?: number; id?: string } = {}): string {
    const request = this.subscribes().find((s) => s.data.container === container);
    if (!request) throw new Error(`no subscribe for ${container}`);
    this.receive(
      encodeReply(request.reply, {
        sub: request.data.sub,
        container: positions.id ?? 'a'.repeat(64),
        agent: request.data.agent,
        firstSeq: positions.firstSeq ?? 0,
        nextSeq: positions.nextSeq ?? 0,
      }),
    );
    return request.data.sub;
  }

  history(sub: string, entries: LogEntry[], done: boolean): void {
    this.receive(encodePush('logs.history', { sub, entries, done }));
  }

  batch(sub: string, entries: LogEntry[]): void {
    this.receive(encodePush('logs.batch', { sub, entries }));
  }
}

export function lines(from: number, to: number, text = 'line'): LogEntry[] {
  const out: LogEntry[] = [];
  for (let seq = from; seq <= to; seq++) {
    out.push({
      kind: 'line',
      seq,
      ts: `2026-11-25T06:30:${String(seq % 60).padStart(2, '0')}Z`,
      stream: 'stdout',
      text: `${text} ${seq}`,
    });
  }
  return out;
}

export class ManualTimers {
  readonly #due = new Map<number, { callback: () => void; ms: number }>();
  #next = 0;
  readonly delays: number[] = [];

  setTimer = (callback: () => void, ms: number): unknown => {
    const handle = ++this.#next;
    this.#due.set(handle, { callback, ms });
    this.delays.push(ms);
    return handle;
  };

  clearTimer = (handle: unknown): void => {
    this.#due.delete(handle as number);
  };

  get pending(): number {
    return this.#due.size;
  }

  runAll(): void {
    const due = [...this.#due.values()];
    this.#due.clear();
    for (const timer of due) timer.callback();
  }
}

/** A LogSession on fake sockets and hand-run timers, recording every event it emits. */
export function setup(overrides: Partial<LogSessionOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const events: unknown[][] = [];
  const session = new LogSession({
    url: 'ws://manager/ws/logs',
    sources: ['host-1/web'],
    tail: 100,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    random: () => 0.5,
    autoStart: false,
    ...overrides,
  });
  for (const name of ['entries', 'connection', 'source', 'gap', 'reset', 'warning'] as const) {
    session.on(name, (...args: unknown[]) => events.push([name, ...args]));
  }
  const current = () => sockets.at(-1) as FakeSocket;
  const of = (name: string) => events.filter((e) => e[0] === name).map((e) => e.slice(1));
  /** The socket drops, the retry timer fires, and the next socket opens. */
  const reconnect = () => {
    current().drop();
    timers.runAll();
    current().open();
  };
  return { session, sockets, timers, events, current, of, reconnect };
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
