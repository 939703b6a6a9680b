import { CLOSE_CODES } from '@bosun/protocol';
import type { WebSocket } from 'ws';

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

  constructor(intervalMs: number) {
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#timer.unref();
  }

  /** Sockets watched now. */
  get size(): number {
    return this.#sockets.size;
  }

  /**
   * Watches `ws` until it closes; `stillAllowed` resolves false once its credentials no longer hold,
   * and the socket is then closed with 4401.
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
      () => ws.close(CLOSE_CODES.unauthorized, 'session ended'),
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
