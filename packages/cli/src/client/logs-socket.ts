import {
  CLOSE_CODES,
  type DataOf,
  decode,
  decodeResult,
  encodeRequest,
  type FrameFor,
  isReplyFrame,
  ProtocolError,
  ReplyInboxes,
  type ResultOf,
} from '@bosun/protocol';
import WebSocket from 'ws';
import { ManagerError, UnreachableError } from '../exit-codes.ts';
import { REFUSED_TOKEN } from './http-errors.ts';

/** The pushes the manager sends a viewer; a frame of any other subject on this socket is dropped. */
export type LogsPushSubject =
  | 'logs.history'
  | 'logs.batch'
  | 'logs.batch.packed'
  | 'logs.gap'
  | 'logs.skipped'
  | 'logs.status'
  | 'error';
/** A checked push frame from the manager. */
export type LogsPush = FrameFor<LogsPushSubject>;
type ViewerRequest = 'logs.subscribe' | 'logs.unsubscribe';

const FROM_MANAGER: readonly LogsPushSubject[] = [
  'logs.history',
  'logs.batch',
  'logs.batch.packed',
  'logs.gap',
  'logs.skipped',
  'logs.status',
  'error',
];

/** Where a socket's pushes and its end go. */
export type LogsSocketHandlers = {
  onPush(frame: LogsPush): void;
  /** The socket closed with `code` (4401: the manager no longer accepts its token); `byUs` is true after close(). */
  onClose(byUs: boolean, code: number): void;
};

const OPEN_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
// A half-open TCP connection (laptop asleep, NAT dropped) never closes by itself; a ping that
// gets no pong before the next one ends it so the follower can reconnect.
const PING_INTERVAL_MS = 15_000;

/** One viewer socket to the manager: request/reply over inboxes, pushes to a handler. */
export class LogsSocket {
  readonly #ws: WebSocket;
  readonly #handlers: LogsSocketHandlers;
  readonly #pending = new ReplyInboxes();
  readonly #pinger: NodeJS.Timeout;
  #alive = true;
  #paused = false;
  #closedByUs = false;

  private constructor(ws: WebSocket, handlers: LogsSocketHandlers) {
    this.#ws = ws;
    this.#handlers = handlers;
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      this.#message(isBinary ? data : data.toString('utf8')),
    );
    ws.on('pong', () => {
      this.#alive = true;
    });
    ws.on('close', (code: number) => this.#closed(code));
    // 'close' follows every 'error'; the error itself adds nothing the reconnect note does not say.
    ws.on('error', () => {});
    this.#pinger = setInterval(() => this.#ping(), PING_INTERVAL_MS);
    this.#pinger.unref();
  }

  /** Opens the socket with the token in a header (never in the URL). */
  static open(url: string, token: string, handlers: LogsSocketHandlers): Promise<LogsSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: { authorization: `Bearer ${token}` },
        handshakeTimeout: OPEN_TIMEOUT_MS,
        followRedirects: false,
      });
      const fail = (error: Error) => {
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(error);
      };
      ws.once('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        if (status === 401) fail(new ManagerError('unauthorized', REFUSED_TOKEN, status));
        else if (status === 403)
          fail(new ManagerError('forbidden', 'the manager refused the logs socket', status));
        else fail(new UnreachableError(`the manager refused the logs socket (HTTP ${status})`));
      });
      ws.once('error', (error: NodeJS.ErrnoException) =>
        fail(new UnreachableError(`cannot open the logs socket: ${error.code ?? error.message}`)),
      );
      ws.once('open', () => {
        ws.removeAllListeners();
        resolve(new LogsSocket(ws, handlers));
      });
    });
  }

  /**
   * Sends a request and waits for its checked result (30 s at most). A refusal from the manager
   * throws a ManagerError with its code, so the exit code follows it.
   */
  async request<S extends ViewerRequest>(subject: S, data: DataOf<S>): Promise<ResultOf<S>> {
    const { inbox, settled } = this.#pending.open(
      REQUEST_TIMEOUT_MS,
      `the manager did not answer ${subject}`,
    );
    this.#ws.send(encodeRequest(subject, data, inbox));
    let raw: unknown;
    try {
      raw = await settled;
    } catch (error) {
      // The manager's refusal keeps its code for the exit code; our own timeout and a closed
      // socket stay what they are.
      if (error instanceof ProtocolError && error.code !== 'timeout')
        throw new ManagerError(error.code, error.message);
      throw error;
    }
    const result = decodeResult(subject, raw);
    if (!result.ok) throw result.error;
    return result.result;
  }

  /** Stops reading frames (TCP backpressure reaches the manager) while our output is full. */
  pause(): void {
    this.#paused = true;
    this.#ws.pause();
  }

  /** Reads frames again once our output drained. */
  resume(): void {
    this.#paused = false;
    this.#alive = true;
    this.#ws.resume();
  }

  /** Closes the socket (1000); one whose manager does not answer the close is cut a second later. */
  close(): void {
    this.#closedByUs = true;
    this.#ws.close(CLOSE_CODES.normal);
    // A manager that does not answer the close frame must not keep the process alive.
    setTimeout(() => this.#ws.terminate(), 1000).unref();
  }

  #message(data: Buffer | string): void {
    const decoded = decode(data, { allow: FROM_MANAGER });
    // A frame we cannot read is dropped: answering it could start an error ping-pong, and the
    // stream's own gaps and statuses still tell the user what matters.
    if (!decoded.ok) return;
    const frame = decoded.frame;
    if (isReplyFrame(frame)) {
      this.#pending.settle(frame.subject, frame.data);
      return;
    }
    this.#handlers.onPush(frame as LogsPush);
  }

  #ping(): void {
    if (this.#paused) return;
    if (!this.#alive) {
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
  }

  #closed(code: number): void {
    clearInterval(this.#pinger);
    this.#pending.failAll(new UnreachableError('the logs socket closed'));
    this.#handlers.onClose(this.#closedByUs, code);
  }
}
