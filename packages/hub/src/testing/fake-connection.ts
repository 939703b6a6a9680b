import { CLOSE_CODES } from '@bosun/protocol';
import type { Connection, ConnectionHandler } from '../ports/connection.ts';

let counter = 0;

/**
 * A socket with nothing underneath: records what the hub sends, lets a test set
 * `bufferedAmount` to play a slow reader, and, like a real adapter, tells the hub about a
 * close it started on a later tick (never from inside its own call).
 */
export class FakeConnection implements Connection {
  readonly id: string;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;
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
