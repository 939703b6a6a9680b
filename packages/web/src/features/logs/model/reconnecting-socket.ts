import { Backoff, type BackoffOptions, CLOSE_CODES } from '@bosun/protocol';
import {
  type ConnectionState,
  type LogSessionOptions,
  timersOf,
  type WebSocketLike,
} from './session-types.ts';

// Full jitter: a manager restart drops every browser at once; spreading them over the whole range
// keeps them from coming back in waves.
const SOCKET_BACKOFF: Omit<BackoffOptions, 'jitter'> = { initialMs: 500, maxMs: 10_000 };

/** What ReconnectingSocket tells its owner (LogSession). */
export type SocketHandlers = {
  /** A socket is open; whatever lived on the previous one is gone. */
  opened(): void;
  /** A frame as the socket gave it, not yet decoded. */
  message(data: unknown): void;
  /** The socket went; what lived on it (subscriptions, pending replies) is gone with it. */
  lost(): void;
  /** The connection moved on; `detail` says why when it closed or is retrying. */
  state(state: ConnectionState, detail?: string): void;
};

type ConnectOptions = Pick<
  LogSessionOptions,
  'url' | 'createSocket' | 'backoff' | 'random' | 'checkSession' | 'setTimer' | 'clearTimer'
>;

/**
 * One socket at a time to the manager, reopened after every drop with capped, fully jittered
 * backoff until closed or refused. It knows nothing of logs: LogSession subscribes on `opened`.
 */
export class ReconnectingSocket {
  readonly #options: ConnectOptions;
  readonly #handlers: SocketHandlers;
  readonly #backoff: Backoff;
  readonly #setTimer: (callback: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  #socket: WebSocketLike | null = null;
  #open = false;
  #timer: unknown;
  #started = false;
  #closed = false;

  constructor(options: ConnectOptions, handlers: SocketHandlers) {
    this.#options = options;
    this.#handlers = handlers;
    this.#backoff = new Backoff({
      ...(options.backoff ?? SOCKET_BACKOFF),
      jitter: 'full',
      random: options.random ?? Math.random,
    });
    const timers = timersOf(options);
    this.#setTimer = timers.setTimer;
    this.#clearTimer = timers.clearTimer;
  }

  /** A socket is open and frames can be sent. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Opens the first socket; later calls, and calls after close, do nothing. */
  start(): void {
    if (this.#closed || this.#started) return;
    this.#started = true;
    this.#handlers.state('connecting');
    this.#connect();
  }

  /** False when there is no open socket; the frame is then lost with the subscription it served. */
  send(frame: string): boolean {
    if (!this.#open || this.#socket === null) return false;
    try {
      this.#socket.send(frame);
      return true;
    } catch {
      // Closing already; its close event brings the reconnect.
      return false;
    }
  }

  /**
   * The manager answered on this socket. Only then does the backoff start over: a manager that
   * accepts sockets and drops them at once must not be hammered at the initial delay.
   */
  confirm(): void {
    this.#backoff.reset();
  }

  /** Stops for good, with `detail` in the 'closed' state ('unauthorized' when refused). */
  close(detail?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    if (socket) {
      this.#detach(socket);
      try {
        socket.close(CLOSE_CODES.normal);
      } catch {
        // Already closed.
      }
    }
    this.#handlers.state('closed', detail);
  }

  #connect(): void {
    let socket: WebSocketLike;
    try {
      socket = (this.#options.createSocket ?? defaultSocket)(this.#options.url);
    } catch (error) {
      // A URL the browser refuses will not get better with retries.
      this.close(error instanceof Error ? error.message : 'cannot open the logs socket');
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      this.#open = true;
      this.#handlers.state('live');
      this.#handlers.opened();
    };
    socket.onmessage = (event) => {
      if (socket === this.#socket) this.#handlers.message(event.data);
    };
    socket.onclose = (event) => this.#lost(socket, event.code, event.reason);
    // Browsers follow an error with a close; a socket that does not is ended here as well.
    socket.onerror = () => this.#lost(socket, CLOSE_CODES.abnormal, '');
  }

  #lost(socket: WebSocketLike, code: number, reason: string): void {
    if (socket !== this.#socket || this.#closed) return;
    this.#detach(socket);
    this.#handlers.lost();
    // The manager ends a viewer socket this way when its session or token was withdrawn.
    if (code === CLOSE_CODES.unauthorized) {
      this.close('unauthorized');
      return;
    }
    const delay = this.#backoff.next();
    const why = reason ? `${code}: ${reason}` : String(code);
    this.#handlers.state(
      'reconnecting',
      `connection lost (${why}); retrying in ${(delay / 1000).toFixed(1)} s`,
    );
    this.#timer = this.#setTimer(() => {
      this.#timer = undefined;
      void this.#retry();
    }, delay);
  }

  async #retry(): Promise<void> {
    const check = this.#options.checkSession;
    if (check) {
      let allowed = true;
      try {
        allowed = await check();
      } catch {
        // Cannot tell (the manager is down too): keep trying.
      }
      if (this.#closed) return;
      if (!allowed) {
        this.close('unauthorized');
        return;
      }
    }
    if (!this.#closed) this.#connect();
  }

  #detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    this.#socket = null;
    this.#open = false;
  }
}

function defaultSocket(url: string): WebSocketLike {
  return new WebSocket(url);
}
