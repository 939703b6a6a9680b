import {
  Backoff,
  type BackoffOptions,
  CLOSE_CODES,
  type DataOf,
  decode,
  decodeResult,
  encodeErrorReply,
  encodePush,
  encodeReply,
  encodeRequest,
  isFinalError,
  MAX_FRAME_BYTES,
  newInbox,
  ProtocolError,
  type ResultOf,
  type Subject,
  toWireError,
} from '@bosun/protocol';
import WebSocket from 'ws';
import { HelloRefusals } from './hello-refusals.ts';

/** What the manager may send to an agent; anything else is refused at the edge. */
export const MANAGER_TO_AGENT: readonly Subject[] = [
  'container.list',
  'container.inspect',
  'container.start',
  'container.stop',
  'container.restart',
  'log.stream.start',
  'log.stream.stop',
  'log.read',
];

export type HelloResult = ResultOf<'agent.hello'>;

export type LinkDelegate = {
  /** Builds the hello for this attempt (auth may change once a credential is stored). */
  hello(): Promise<DataOf<'agent.hello'>>;
  welcomed(result: HelloResult): Promise<void>;
  /** Answers one request from the manager; a thrown ProtocolError becomes an error reply. */
  request(subject: Subject, data: unknown): Promise<unknown>;
  online(): void;
  offline(reason: string): void;
  /** The manager refused us for good (bad credential): retrying cannot help. */
  fatal(error: ProtocolError): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
};

export type LinkOptions = {
  url: string;
  backoff?: BackoffOptions;
  helloTimeoutMs?: number;
  /** High-water mark of bytes queued in the socket before senders must wait. */
  highWaterBytes?: number;
};

const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
const MAX_FRAMES_WHILE_WELCOMING = 256;
const DEFAULT_HIGH_WATER = 1024 * 1024;
// Equal jitter: never near zero, so agents cut off by a manager restart neither come back in one
// burst nor hammer a manager that is still down.
const LINK_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, jitter: 'equal' };

/**
 * The agent's one outbound WebSocket to its manager: hello, heartbeats with a
 * pong deadline, request dispatch, and reconnection forever with capped,
 * jittered backoff, until stopped or refused for good.
 */
export class ManagerLink {
  readonly #options: Required<Omit<LinkOptions, 'backoff'>> & { backoff?: BackoffOptions };
  readonly #delegate: LinkDelegate;
  readonly #backoff: Backoff;
  readonly #refusals: HelloRefusals;
  #ws: WebSocket | undefined;
  #online = false;
  #stopped = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #awaitingPong = false;
  #writableWaiters: Array<() => void> = [];
  #stoppedWaiters: Array<() => void> = [];
  #welcomeResult: HelloResult | undefined;
  /** Delays actually waited before each reconnect, newest last; tests read it. */
  readonly reconnectDelays: number[] = [];

  constructor(options: LinkOptions, delegate: LinkDelegate) {
    this.#options = {
      helloTimeoutMs: DEFAULT_HELLO_TIMEOUT_MS,
      highWaterBytes: DEFAULT_HIGH_WATER,
      ...options,
    };
    this.#delegate = delegate;
    this.#backoff = new Backoff(options.backoff ?? LINK_BACKOFF);
    this.#refusals = new HelloRefusals((level, msg, fields) => delegate.log(level, msg, fields));
  }

  get online(): boolean {
    return this.#online;
  }

  start(): void {
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    if (!this.#ws) this.#notifyStopped();
    this.#teardown('agent stopping', CLOSE_CODES.normal);
  }

  /** Calls back once the link is stopped for good and its socket is closed. */
  onStopped(callback: () => void): void {
    if (this.#stopped && !this.#ws) callback();
    else this.#stoppedWaiters.push(callback);
  }

  #notifyStopped(): void {
    const waiters = this.#stoppedWaiters;
    this.#stoppedWaiters = [];
    for (const w of waiters) w();
  }

  /** True when a push can go out now without piling up in the socket. */
  get writable(): boolean {
    const ws = this.#ws;
    return this.#online && ws !== undefined && ws.bufferedAmount < this.#options.highWaterBytes;
  }

  /** Resolves when the socket has drained below the high-water mark or the link went offline. */
  whenWritable(): Promise<void> {
    if (this.writable || !this.#online) return Promise.resolve();
    return new Promise((resolve) => this.#writableWaiters.push(resolve));
  }

  /** Sends a push if online; returns false (and sends nothing) when offline. */
  push<S extends Subject>(subject: S, data: DataOf<S>): boolean {
    const ws = this.#ws;
    if (!this.#online || !ws) return false;
    this.#sendRaw(ws, encodePush(subject, data));
    return true;
  }

  #sendRaw(ws: WebSocket, text: string): void {
    ws.send(text, (err) => {
      // A failed write means the socket is going down; 'close' handles that.
      if (!err) this.#wakeWriters();
    });
  }

  #wakeWriters(): void {
    if (this.#writableWaiters.length === 0 || (!this.writable && this.#online)) return;
    const waiters = this.#writableWaiters;
    this.#writableWaiters = [];
    for (const w of waiters) w();
  }

  #connect(): void {
    if (this.#stopped) return;
    const ws = new WebSocket(this.#options.url, {
      handshakeTimeout: this.#options.helloTimeoutMs,
      // decode() reports oversize frames as errors; ws only needs a hard ceiling.
      maxPayload: MAX_FRAME_BYTES * 2,
      perMessageDeflate: false,
    });
    this.#ws = ws;
    let helloInbox: string | undefined;
    let welcoming: Uint8Array[] | undefined;
    const helloTimer = setTimeout(() => {
      this.#delegate.log('warn', 'manager did not answer the hello in time');
      ws.terminate();
    }, this.#options.helloTimeoutMs * 2);

    ws.on('open', async () => {
      try {
        const hello = await this.#delegate.hello();
        helloInbox = newInbox();
        ws.send(encodeRequest('agent.hello', hello, helloInbox));
      } catch (err) {
        this.#delegate.log('error', 'could not build hello', { err: String(err) });
        ws.terminate();
      }
    });

    ws.on('message', (raw: WebSocket.RawData, isBinary: boolean) => {
      // Bytes go to decode as they are, so invalid UTF-8 is reported as such, not papered over.
      const text = isBinary ? undefined : rawBytes(raw);
      if (text === undefined) {
        ws.send(
          encodePush('error', { code: 'bad_frame', message: 'binary frames are not part of the protocol' }),
        );
        return;
      }
      if (welcoming !== undefined) {
        // The manager may send requests right after its welcome, while the credential is still
        // being written; they are answered once the link is up. Bounded: a manager that floods
        // a link that is not up yet is dropped.
        if (welcoming.length >= MAX_FRAMES_WHILE_WELCOMING) ws.terminate();
        else welcoming.push(text);
        return;
      }
      if (!this.#online) {
        if (this.#onHelloReply(ws, text, helloInbox, helloTimer)) {
          welcoming = [];
          const held = welcoming;
          this.#welcome(ws, this.#welcomeResult!, () => {
            welcoming = undefined;
            for (const frame of held) this.#onFrame(ws, frame);
          });
        }
        return;
      }
      this.#onFrame(ws, text);
    });

    ws.on('pong', () => {
      this.#awaitingPong = false;
    });

    ws.on('close', (code: number, reason: Buffer) => {
      clearTimeout(helloTimer);
      this.#afterClose(ws, `closed (${code}${reason.length ? `: ${reason.toString('utf8')}` : ''})`);
    });

    ws.on('error', (err: Error) => {
      // 'close' always follows 'error' in ws; reconnecting happens there.
      this.#delegate.log('warn', 'link error', { err: err.message });
    });
  }

  /** True when the manager welcomed us; the result is kept in #welcomeResult. */
  #onHelloReply(
    ws: WebSocket,
    text: Uint8Array,
    inbox: string | undefined,
    helloTimer: NodeJS.Timeout,
  ): boolean {
    const decoded = decode(text);
    if (!decoded.ok || decoded.frame.subject !== inbox) {
      this.#delegate.log('warn', 'unexpected frame before welcome; dropping link');
      ws.terminate();
      return false;
    }
    clearTimeout(helloTimer);
    const reply = decoded.frame.data as
      | { ok: true; result: unknown }
      | { ok: false; error: { code: string; message: string; details?: unknown } };
    if (!reply.ok) {
      const { code, message, details } = reply.error;
      const error = new ProtocolError(code as ProtocolError['code'], message, { details });
      if (isFinalError(error.code)) {
        this.#stopped = true;
        this.#delegate.fatal(error);
        ws.close(CLOSE_CODES.normal);
        return false;
      }
      this.#refusals.report(error);
      ws.terminate();
      return false;
    }
    const checked = decodeResult('agent.hello', reply.result);
    if (!checked.ok) {
      this.#delegate.log('warn', 'malformed welcome; dropping link', { message: checked.error.message });
      ws.terminate();
      return false;
    }
    this.#welcomeResult = checked.result;
    return true;
  }

  #welcome(ws: WebSocket, result: HelloResult, then: () => void): void {
    void this.#delegate
      .welcomed(result)
      .then(() => {
        if (this.#ws !== ws || ws.readyState !== WebSocket.OPEN) return;
        this.#online = true;
        this.#backoff.reset();
        this.#startHeartbeat(ws, result.heartbeatSeconds);
        this.#delegate.online();
        then();
      })
      .catch((err: unknown) => {
        this.#delegate.log('error', 'could not keep the credential', { err: String(err) });
        this.#stopped = true;
        this.#delegate.fatal(new ProtocolError('internal', `could not store the credential: ${String(err)}`));
        ws.close(CLOSE_CODES.internal);
      });
  }

  #onFrame(ws: WebSocket, text: Uint8Array): void {
    const decoded = decode(text, { allow: MANAGER_TO_AGENT });
    if (!decoded.ok) {
      const wire = toWireError(decoded.error);
      ws.send(decoded.reply ? encodeErrorReply(decoded.reply, wire) : encodePush('error', wire));
      return;
    }
    const { subject, reply, data } = decoded.frame as { subject: Subject; reply?: string; data: unknown };
    // Requests run concurrently: one slow `container.stop` must not hold up the link.
    void this.#delegate.request(subject, data).then(
      (result) => {
        if (reply && ws.readyState === WebSocket.OPEN) ws.send(encodeReply(reply, result as never));
      },
      (err: unknown) => {
        if (reply && ws.readyState === WebSocket.OPEN) ws.send(encodeErrorReply(reply, toWireError(err)));
      },
    );
  }

  #startHeartbeat(ws: WebSocket, seconds: number): void {
    const intervalMs = Math.max(1, seconds) * 1000;
    this.#awaitingPong = false;
    this.#heartbeatTimer = setInterval(() => {
      if (this.#awaitingPong) {
        // A whole interval without a pong: the path is dead even if TCP has not noticed.
        this.#delegate.log('warn', 'no pong from manager; reconnecting');
        ws.terminate();
        return;
      }
      this.#awaitingPong = true;
      ws.ping();
      this.push('agent.heartbeat', { at: Date.now() });
    }, intervalMs);
  }

  #afterClose(ws: WebSocket, reason: string): void {
    if (this.#ws !== ws) return;
    this.#ws = undefined;
    clearInterval(this.#heartbeatTimer);
    const wasOnline = this.#online;
    this.#online = false;
    this.#wakeWriters();
    if (wasOnline) this.#delegate.offline(reason);
    if (this.#stopped) {
      this.#notifyStopped();
      return;
    }
    const delay = this.#backoff.next();
    this.reconnectDelays.push(delay);
    if (this.reconnectDelays.length > 100) this.reconnectDelays.shift();
    this.#delegate.log('info', 'reconnecting', { inMs: delay, reason });
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #teardown(reason: string, code: number): void {
    const ws = this.#ws;
    if (!ws) return;
    clearInterval(this.#heartbeatTimer);
    ws.close(code, reason);
    // Do not wait forever for the manager's close frame on the way out.
    setTimeout(() => ws.terminate(), 2000).unref();
  }
}

function rawBytes(raw: WebSocket.RawData): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return raw;
}
