import type { Socket } from 'node:net';
import { waitFor } from '../kit/index.ts';
import type { CaseCount } from './hostile-figures.ts';
import { parseAnswer, rawConnect } from './raw-http.ts';

// One byte a second for this long: far longer than any request timeout, so only the manager can
// end such a request early.
const TRICKLE_SECONDS = 600;

type Trickle = { socket: Socket; what: string; timer?: NodeJS.Timeout; chunks: Buffer[]; closed: boolean };

/**
 * Slowloris against the HTTP server: connections that send their headers one byte a second, and
 * connections whose headers are whole but whose body comes one byte a second. Neither would be
 * done for ten minutes; the manager must drop both on its own.
 */
export class Slowloris {
  readonly #trickles: Trickle[];

  private constructor(trickles: Trickle[]) {
    this.#trickles = trickles;
  }

  /** `each` connections of each kind, from `localAddress`. */
  static async start(port: number, localAddress: string, each: number): Promise<Slowloris> {
    const trickles: Trickle[] = [];
    const start = async (what: string, head: string, drip: string) => {
      const socket = await rawConnect({ port, localAddress });
      const trickle: Trickle = { socket, what, chunks: [], closed: false };
      socket.on('data', (chunk: Buffer) => trickle.chunks.push(chunk));
      socket.on('error', () => {});
      socket.once('close', () => {
        trickle.closed = true;
        clearInterval(trickle.timer);
      });
      socket.write(head);
      let sent = 0;
      trickle.timer = setInterval(() => {
        if (sent++ < TRICKLE_SECONDS && !socket.destroyed) socket.write(drip[sent % drip.length] ?? 'a');
      }, 1000);
      trickles.push(trickle);
    };
    for (let i = 0; i < each; i++) {
      await start('headers', `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X-Slow: a\r\n');
      await start(
        'body',
        `POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${TRICKLE_SECONDS + 1}\r\n\r\n`,
        'a',
      );
    }
    return new Slowloris(trickles);
  }

  /** Connections the manager has not dropped yet. */
  open(): number {
    return this.#trickles.filter((t) => !t.closed).length;
  }

  /**
   * Waits until the manager has dropped every connection; refused counts those it answered with
   * 408 Request Timeout before closing.
   */
  async dropped(timeoutMs: number): Promise<CaseCount & { statuses: string }> {
    await waitFor(() => this.open() === 0, {
      timeoutMs,
      intervalMs: 250,
      what: 'the manager to drop every trickling connection',
      detail: () => `${this.open()} still open`,
    });
    const statuses = this.#trickles.map((t) => `${t.what} ${parseAnswer(Buffer.concat(t.chunks)).status}`);
    const refused = statuses.filter((s) => s.endsWith(' 408')).length;
    const tally = new Map<string, number>();
    for (const s of statuses) tally.set(s, (tally.get(s) ?? 0) + 1);
    return {
      cases: this.#trickles.length,
      refused,
      statuses: [...tally].map(([s, n]) => `${n}× ${s}`).join(', '),
    };
  }

  stop(): void {
    for (const t of this.#trickles) {
      clearInterval(t.timer);
      t.socket.destroy();
    }
  }
}
