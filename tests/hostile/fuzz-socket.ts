import { newInbox } from '@bosun/protocol';
import WebSocket from 'ws';
import { z } from 'zod';
import { waitFor } from '../kit/index.ts';
import type { HostileFrame } from './frame-mutations.ts';

const receivedSchema = z.object({ subject: z.string(), reply: z.string().optional(), data: z.unknown() });
const refusalSchema = z.union([
  z.object({ subject: z.literal('error') }),
  z.object({ data: z.object({ ok: z.literal(false) }) }),
]);
const welcomeSchema = z.object({ data: z.object({ ok: z.literal(true) }) });
type Received = z.output<typeof receivedSchema>;

const ANSWER_TIMEOUT_MS = 30_000;

/** What one hostile frame came to: refused (an error came back or the socket closed), or let be. */
export type Outcome = 'refused' | 'let be';

/**
 * A WebSocket that sends hostile frames and tells what came of each: after each frame it sends a
 * probe (a request of an unknown subject, always answered with an error), so the answer to the
 * probe means the frame before it was handled.
 */
export class FuzzSocket {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString('utf8'));
      } catch {
        // The manager sends JSON only; anything else is kept as a frame of no subject.
      }
      const frame = receivedSchema.safeParse(parsed);
      this.received.push(frame.success ? frame.data : { subject: '', data: data.toString('utf8') });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
    });
    // A write to a socket the manager has just closed; the close says what happened.
    ws.on('error', () => {});
  }

  /** Opens `url` (ws://…/ws/agent or /ws/logs) with `headers`; a refused upgrade is an error. */
  static open(url: string, headers: Record<string, string> = {}): Promise<FuzzSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
      ws.once('open', () => resolve(new FuzzSocket(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade to ${url} refused: ${res.statusCode}`)),
      );
      ws.once('error', reject);
    });
  }

  send(frame: HostileFrame | string): void {
    if (typeof frame === 'string') this.ws.send(frame);
    else this.ws.send(frame.payload, { binary: frame.binary });
  }

  /** Sends a request and waits for its reply (or the socket's close: undefined). */
  async request(subject: string, data: unknown): Promise<Received | undefined> {
    const inbox = newInbox();
    this.send(JSON.stringify({ subject, reply: inbox, data }));
    await waitFor(() => this.closed !== undefined || this.received.some((f) => f.subject === inbox), {
      timeoutMs: ANSWER_TIMEOUT_MS,
      intervalMs: 2,
      what: `the answer to ${subject}`,
    });
    return this.received.find((f) => f.subject === inbox);
  }

  /** Sends `frame` and a probe; once the probe is answered, says whether the frame was refused. */
  async exchange(frame: HostileFrame): Promise<Outcome> {
    const from = this.received.length;
    this.send(frame);
    const probe = newInbox();
    this.send(JSON.stringify({ subject: 'hostile.probe', reply: probe, data: {} }));
    await waitFor(() => this.closed !== undefined || this.received.some((f) => f.subject === probe), {
      timeoutMs: ANSWER_TIMEOUT_MS,
      intervalMs: 2,
      what: `the probe after ${frame.what} to be answered`,
    });
    if (this.closed) return 'refused';
    const answers = this.received.slice(from).filter((f) => f.subject !== probe);
    return answers.some((f) => refusalSchema.safeParse(f).success) ? 'refused' : 'let be';
  }

  /** Whether any reply so far welcomed this socket (`{ok: true}`). */
  welcomed(): boolean {
    return this.received.some((f) => f.subject.startsWith('_inbox.') && welcomeSchema.safeParse(f).success);
  }

  /** Waits until the manager has closed the socket. */
  async whenClosed(timeoutMs: number, what: string): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, { timeoutMs, intervalMs: 5, what });
  }

  close(): void {
    this.ws.terminate();
  }
}
