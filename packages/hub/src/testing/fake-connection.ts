import { CLOSE_CODES } from '@bosun/protocol';
import type { Connection, ConnectionHandler } from '../ports/connection.ts';
import type { ConnectionMemo } from '../restore/connection-memo.ts';

let counter = 0;

/**
 * A socket with nothing underneath: records what the hub sends and asks it to remember, lets a
 * test set `bufferedAmount` to play a slow reader and `heard` to play beats its runtime answered,
 * and, like a real adapter, tells the hub about a close it started on a later tick (never from
 * inside its own call).
 */
export class FakeConnection implements Connection {
  readonly id: string;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;
  /** Every memo the hub asked this socket to keep (`Connection.remember`), in order. */
  readonly memos: ConnectionMemo[] = [];
  /** When the runtime last answered the peer by itself (`Connection.heardAt`); unset: never. */
  heard: number | undefined;
  #handler: ConnectionHandler | undefined;
  #handlerClosed = false;
  readonly #listeners: Array<(text: string) => void> = [];

  constructor(id = `conn-${++counter}`) {
    this.id = id;
  }

  /** Connects the hub's handler: what the peer sends and the close go there. */
  attach(handler: ConnectionHandler): this {
    this.#handler = handler;
    return this;
  }

  /** Called for every frame the hub sends, as it sends it. */
  onSend(listener: (text: string) => void): void {
    this.#listeners.push(listener);
  }

  get open(): boolean {
    return this.closed === undefined;
  }

  remember(memo: ConnectionMemo): void {
    this.memos.push(memo);
  }

  heardAt(): number | undefined {
    return this.heard;
  }

  /** The last memo of `kind` the hub asked this socket to keep. */
  lastMemo<K extends ConnectionMemo['kind']>(kind: K): Extract<ConnectionMemo, { kind: K }> | undefined {
    for (let i = this.memos.length - 1; i >= 0; i--) {
      const memo = this.memos[i];
      if (memo?.kind === kind) return memo as Extract<ConnectionMemo, { kind: K }>;
    }
    return undefined;
  }

  send(text: string): void {
    if (this.closed) return;
    this.sent.push(text);
    for (const listener of this.#listeners) listener(text);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    queueMicrotask(() => this.#notifyClosed());
  }

  /** The peer sends a frame. */
  receive(data: string | Uint8Array): void {
    if (this.closed) return;
    this.#handler?.onMessage(data);
  }

  /** The peer goes away (or the network drops). */
  drop(code: number = CLOSE_CODES.abnormal, reason = ''): void {
    if (!this.closed) this.closed = { code, reason };
    this.#notifyClosed();
  }

  /** Every frame sent so far, parsed. */
  frames(): Array<{ subject: string; reply?: string; data: unknown }> {
    return this.sent.map((text) => JSON.parse(text) as { subject: string; data: unknown });
  }

  #notifyClosed(): void {
    if (this.#handlerClosed) return;
    this.#handlerClosed = true;
    this.#handler?.onClose();
  }
}
