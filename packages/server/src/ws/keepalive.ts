import { isStoreUnavailable } from '@bosun/api';
import { CLOSE_CODES } from '@bosun/protocol';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';

type Watched = {
  alive: boolean;
  /** Resolves false when the socket's credentials no longer hold (logout, expiry, deleted user). */
  stillAllowed: () => Promise<boolean>;
};

/**
 * Pings every watched socket each interval and terminates those whose pong did not come back
 * since the last ping: a peer that vanished without a FIN would otherwise hold its subscriptions
 * for the kernel's keepalive timeout (hours). The same tick checks the credentials again.
 */
export class Keepalive {
  readonly #sockets = new Map<WebSocket, Watched>();
  readonly #timer: NodeJS.Timeout;
  readonly #logger: Logger;

  constructor(intervalMs: number, logger: Logger) {
    this.#logger = logger;
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#timer.unref();
  }

  /** Sockets watched now. */
  get size(): number {
    return this.#sockets.size;
  }

  /**
   * Watches `ws` until it closes; `stillAllowed` resolves false once its credentials no longer hold,
   * and the socket is then closed with 4401. A check the store could not answer keeps the socket:
   * the next tick checks again.
   */
  watch(ws: WebSocket, stillAllowed: () => Promise<boolean>): void {
    const watched: Watched = { alive: true, stillAllowed };
    this.#sockets.set(ws, watched);
    ws.on('pong', () => {
      watched.alive = true;
    });
    ws.once('close', () => this.#sockets.delete(ws));
  }

  /** Stops pinging and forgets every socket, leaving them open: shutdown closes them itself. */
  stop(): void {
    clearInterval(this.#timer);
    this.#sockets.clear();
  }

  /** Checks every socket's credentials now (one was withdrawn); pings are left to the tick. */
  recheckAll(): void {
    for (const [ws, watched] of this.#sockets) this.#recheck(ws, watched);
  }

  #recheck(ws: WebSocket, watched: Watched): void {
    watched.stillAllowed().then(
      (allowed) => {
        if (!allowed) ws.close(CLOSE_CODES.unauthorized, 'session ended');
      },
      (error: unknown) => {
        if (!isStoreUnavailable(error)) {
          ws.close(CLOSE_CODES.unauthorized, 'session ended');
          return;
        }
        // A store that cannot be read says nothing about the session: closing with 4401 would
        // log the viewer out for a full disk. The next tick asks again.
        this.#logger.warn({ err: String(error) }, "could not check a log socket's session; kept open");
      },
    );
  }

  #tick(): void {
    for (const [ws, watched] of this.#sockets) {
      if (!watched.alive) {
        ws.terminate();
        continue;
      }
      watched.alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
        continue;
      }
      this.#recheck(ws, watched);
    }
  }
}
