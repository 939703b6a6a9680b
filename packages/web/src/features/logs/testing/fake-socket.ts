import { CLOSE_CODES, type DataOf, encodePush, encodeReply, type LogEntry } from '@bosun/protocol';
import type { WebSocketLike } from '../model/session-types.ts';

/** A frame the code under test sent, parsed back. */
export type SentFrame = { subject: string; reply?: string; data: Record<string, unknown> };

/**
 * A scripted stand-in for the browser's WebSocket: records what is sent, and lets a test open,
 * drop and feed it frames as the manager would.
 */
export class FakeSocket implements WebSocketLike {
  readonly url: string;
  readyState = 0;
  /** Every frame sent, oldest first. */
  readonly sent: SentFrame[] = [];
  /** The code close() was called with, if it was. */
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

  /** The connection opens. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** A frame arrives from the manager. */
  receive(frame: string): void {
    this.onmessage?.({ data: frame } as MessageEvent);
  }

  /** The connection closes from the far side (1006: dropped without a close frame). */
  drop(code: number = CLOSE_CODES.abnormal, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }

  /** The `logs.subscribe` requests sent, oldest first. */
  subscribes(): Array<{ reply: string; data: DataOf<'logs.subscribe'> }> {
    return this.sent
      .filter((f) => f.subject === 'logs.subscribe')
      .map((f) => ({ reply: f.reply as string, data: f.data as DataOf<'logs.subscribe'> }));
  }

  /** Answers the newest subscribe of `container` as the hub does, before any history. */
  accept(container: string, positions: { firstSeq?: number; nextSeq?: number; id?: string } = {}): string {
    const request = this.subscribes().findLast((s) => s.data.container === container);
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

  /** A `logs.history` push for `sub`. */
  history(sub: string, entries: LogEntry[], done: boolean): void {
    this.receive(encodePush('logs.history', { sub, entries, done }));
  }

  /** A `logs.batch` push for `sub`. */
  batch(sub: string, entries: LogEntry[]): void {
    this.receive(encodePush('logs.batch', { sub, entries }));
  }
}

/** A `createSocket` for the code under test that keeps every socket it made, newest last. */
export function recordedSockets(): { sockets: FakeSocket[]; createSocket: (url: string) => FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}
