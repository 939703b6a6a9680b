import type { ConnectionOptions } from 'node:tls';
import {
  AGENT_BEAT_FRAME,
  Backoff,
  type BackoffOptions,
  CLOSE_CODES,
  type DataOf,
  decode,
  encodeErrorReply,
  encodePush,
  encodeReply,
  isFinalError,
  type LogEntry,
  type LogLine,
  MAX_FRAME_BYTES,
  type ManagerProof,
  type ProtocolError,
  packBatch,
  type Subject,
  toWireError,
} from '@bosun/protocol';
import WebSocket from 'ws';
import { HelloRefusals } from './hello-refusals.ts';
import { type HelloResult, LinkHandshake } from './link-handshake.ts';
import { LinkHeartbeat } from './link-heartbeat.ts';

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
  'log.read.credit',
  'log.read.cancel',
  // The runtime's answer to the fixed beat; nothing to do (see `#onFrame`).
  'manager.beat',
];

/** What the link asks of the agent and tells it. */
export type LinkDelegate = {
  /** Checks the manager's proof of its key; rejects when the agent must not send it its secret. */
  proven(proof: ManagerProof, nonce: string): Promise<void>;
  /** Builds the hello for this attempt (auth may change once a credential is stored). */
  hello(): Promise<DataOf<'agent.hello'>>;
  /** Keeps what the welcome gave (the credential); a rejection stops the link for good. */
  welcomed(result: HelloResult): Promise<void>;
  /** Answers one request from the manager; a thrown ProtocolError becomes an error reply. */
  request(subject: Subject, data: unknown): Promise<unknown>;
  /** The link is up: welcomed, heartbeat running, requests answered. */
  online(): void;
  /** The manager answered a heartbeat's ping: the link that is up still reaches it. */
  answered(): void;
  /** The link that was up went down; it dials again unless stopped. */
  offline(reason: string): void;
  /** The manager refused us for good (bad credential, protocol mismatch): retrying cannot help. */
  fatal(error: ProtocolError): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
};

/**
 * How a wss:// link checks the manager's certificate: `ca` replaces the system's CAs (a private
 * CA, as `--ca` gives it); the local agent also pins its manager's own certificate.
 */
export type LinkTls = Pick<ConnectionOptions, 'ca' | 'allowPartialTrustChain' | 'checkServerIdentity'>;

/** Where the link dials and how patiently. */
export type LinkOptions = {
  /** ws:// or wss:// URL of the manager's agent endpoint. */
  url: string;
  /** Certificate checks for wss:// beyond the system's defaults. */
  tls?: LinkTls;
  /** Delays between attempts; capped equal jitter from 250 ms to 30 s when left out. */
  backoff?: BackoffOptions;
  /** Bound on opening the socket; the hello's answer may take twice this from the dial. */
  helloTimeoutMs?: number;
  /** High-water mark of bytes queued in the socket before senders must wait. */
  highWaterBytes?: number;
};

const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
const DEFAULT_HIGH_WATER = 1024 * 1024;
// Equal jitter: never near zero, so agents cut off by a manager restart neither come back in one
// burst nor hammer a manager that is still down.
const LINK_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, jitter: 'equal' };

/**
 * The agent's one outbound WebSocket to its manager. Each attempt runs a `LinkHandshake` (hello,
 * its deadline, the welcome or refusal); once up, a `LinkHeartbeat` watches the path while
 * requests are answered concurrently. When the socket goes, the link dials again after a capped,
 * jittered `Backoff`, forever, until stopped or refused for good.
 *
 * Bound: pushes are refused while the link is down (`push` returns false), and `writable` turns
 * false above `highWaterBytes` buffered in the socket so senders wait (`whenWritable`) instead of
 * piling frames into it.
 */
export class ManagerLink {
  readonly #options: Required<Omit<LinkOptions, 'backoff' | 'tls'>> & Pick<LinkOptions, 'backoff' | 'tls'>;
  readonly #delegate: LinkDelegate;
  readonly #backoff: Backoff;
  readonly #refusals: HelloRefusals;
  #ws: WebSocket | undefined;
  #online = false;
  #packedBatches = false;
  #stopped = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: LinkHeartbeat | undefined;
  #writableWaiters: Array<() => void> = [];
  #stoppedWaiters: Array<() => void> = [];

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

  /** True while the link is up: welcomed and not closed since. */
  get online(): boolean {
    return this.#online;
  }

  /**
   * True when the manager of the link that is up said in its welcome that it takes packed log
   * batches (`log.batch.packed`, `log.read.batch.packed`); an older manager never says so.
   */
  get packedBatches(): boolean {
    return this.#packedBatches;
  }

  /** Sends a follow's batch: packed when the manager takes it and the batch has that shape. */
  pushLogBatch(container: string, entries: LogEntry[]): boolean {
    const lines = this.#packedBatches ? packBatch(entries) : undefined;
    if (lines !== undefined) return this.push('log.batch.packed', { container, lines });
    return this.push('log.batch', { container, entries });
  }

  /** Sends a batch of a stored read: packed when the manager takes it. */
  pushReadBatch(readId: string, lines: LogLine[]): boolean {
    const packed = this.#packedBatches ? packBatch(lines) : undefined;
    if (packed !== undefined) return this.push('log.read.batch.packed', { readId, lines: packed });
    return this.push('log.read.batch', { readId, entries: lines });
  }

  /** Dials the manager; from here on the link keeps itself connected until `stop`. */
  start(): void {
    this.#connect();
  }

  /** Closes the socket and dials no more. */
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
      // ws hands these to tls.connect as they are; its typing of checkServerIdentity is not Node's.
      ...(this.#options.tls as WebSocket.ClientOptions | undefined),
    });
    this.#ws = ws;
    const handshake = new LinkHandshake(
      ws,
      {
        proven: (proof, nonce) => this.#delegate.proven(proof, nonce),
        unproven: (error) =>
          // Never final: whatever answers at the URL may be an impostor, which must not be able
          // to stop the agent; the real manager may be back on the next dial.
          this.#delegate.log(
            'error',
            `not sending the credential to ${this.#options.url}: the manager there did not prove its identity (${error.message}); retrying`,
            { code: error.code },
          ),
        hello: () => this.#delegate.hello(),
        welcomed: (result) => this.#delegate.welcomed(result),
        up: (result) => this.#up(ws, result),
        frame: (text) => this.#onFrame(ws, text),
        refused: (error) => this.#refused(ws, error),
        failed: (error) => this.#giveUp(ws, error, CLOSE_CODES.internal),
        log: (level, msg, fields) => this.#delegate.log(level, msg, fields),
      },
      this.#options.helloTimeoutMs * 2,
    );
    ws.on('open', () => handshake.opened());
    ws.on('message', (raw: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.send(
          encodePush('error', { code: 'bad_frame', message: 'binary frames are not part of the protocol' }),
        );
        return;
      }
      // Bytes go to decode as they are, so invalid UTF-8 is reported as such, not papered over.
      handshake.receive(rawBytes(raw));
    });
    ws.on('pong', () => {
      if (!this.#heartbeat) return;
      this.#heartbeat.pong();
      this.#delegate.answered();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      handshake.closed();
      this.#afterClose(ws, `closed (${code}${reason.length ? `: ${reason.toString('utf8')}` : ''})`);
    });
    ws.on('error', (err: Error) => {
      // 'close' always follows 'error' in ws; reconnecting happens there.
      this.#delegate.log('warn', 'link error', { err: err.message });
    });
  }

  /** The handshake is over and the welcome kept: the link is up unless this socket went away. */
  #up(ws: WebSocket, result: HelloResult): boolean {
    if (this.#ws !== ws || ws.readyState !== WebSocket.OPEN) return false;
    this.#online = true;
    this.#packedBatches = result.packedBatches === true;
    this.#backoff.reset();
    // A manager that takes the fixed beat can let its runtime answer it while the manager
    // itself sleeps (a hibernating Durable Object): the same text every time, nothing to read.
    const fixedBeat = result.fixedBeat === true;
    this.#heartbeat = new LinkHeartbeat(result.heartbeatSeconds, {
      beat: () => {
        ws.ping();
        if (fixedBeat) {
          if (this.#online) this.#sendRaw(ws, AGENT_BEAT_FRAME);
        } else this.push('agent.heartbeat', { at: Date.now() });
      },
      silent: () => {
        this.#delegate.log('warn', 'no pong from manager; reconnecting');
        ws.terminate();
      },
    });
    this.#delegate.online();
    return true;
  }

  /** The manager said no to the hello: stop for good when the same hello cannot pass, else retry. */
  #refused(ws: WebSocket, error: ProtocolError): void {
    // protocol's one list of refusals a retry cannot change; a protocol mismatch is not on it (the
    // manager is probably being upgraded), and HelloRefusals says once which side to upgrade.
    if (isFinalError(error.code)) {
      this.#giveUp(ws, error, CLOSE_CODES.normal);
      return;
    }
    this.#refusals.report(error);
    ws.terminate();
  }

  #giveUp(ws: WebSocket, error: ProtocolError, closeCode: number): void {
    this.#stopped = true;
    this.#delegate.fatal(error);
    ws.close(closeCode);
  }

  #onFrame(ws: WebSocket, text: Uint8Array): void {
    const decoded = decode(text, { allow: MANAGER_TO_AGENT });
    if (!decoded.ok) {
      const wire = toWireError(decoded.error);
      ws.send(decoded.reply ? encodeErrorReply(decoded.reply, wire) : encodePush('error', wire));
      return;
    }
    const { subject, reply, data } = decoded.frame as { subject: Subject; reply?: string; data: unknown };
    if (subject === 'manager.beat') return;
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

  #afterClose(ws: WebSocket, reason: string): void {
    if (this.#ws !== ws) return;
    this.#ws = undefined;
    this.#stopHeartbeat();
    const wasOnline = this.#online;
    this.#online = false;
    this.#wakeWriters();
    if (wasOnline) this.#delegate.offline(reason);
    if (this.#stopped) {
      this.#notifyStopped();
      return;
    }
    const delay = this.#backoff.next();
    this.#delegate.log('info', 'reconnecting', { inMs: delay, reason });
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #teardown(reason: string, code: number): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#stopHeartbeat();
    ws.close(code, reason);
    // Do not wait forever for the manager's close frame on the way out.
    setTimeout(() => ws.terminate(), 2000).unref();
  }

  #stopHeartbeat(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
  }
}

function rawBytes(raw: WebSocket.RawData): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return raw;
}
