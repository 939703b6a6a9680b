import {
  CLOSE_CODES,
  type DataOf,
  decode,
  encodeRequest,
  type LogEntry,
  type LogLine,
  newInbox,
  ProtocolError,
  type ResultOf,
  subjectsFor,
  unpackLogLines,
} from '@bosun/protocol';
import type { Hub } from '../hub.ts';
import type { Principal } from '../principal.ts';
import type { ViewerHandler } from '../viewers/viewer-session.ts';
import { FakeConnection } from './fake-connection.ts';
import { principal as makePrincipal } from './fixtures.ts';

/** Everything one subscription received, in arrival order. */
export type ViewerSubscription = {
  /** History then live entries, as one sequence. */
  entries: LogEntry[];
  historyFrames: number;
  batchFrames: number;
  /** Of `batchFrames`, those that came as `logs.batch.packed`. */
  packedFrames: number;
  historyDone: boolean;
  /** Batches that arrived before the last history frame: must stay 0. */
  batchesBeforeHistoryDone: number;
  gaps: DataOf<'logs.gap'>[];
  /** `logs.skipped` reports of a filtered subscription. */
  skipped: DataOf<'logs.skipped'>[];
  statuses: DataOf<'logs.status'>[];
};

const TO_VIEWER = subjectsFor('manager->viewer');

/**
 * A browser or CLI stand-in: subscribes through the hub and records what each subscription
 * receives. Every frame is checked against the protocol (turn off with `validate: false` for
 * very large fan-out tests where the schema check would dominate).
 */
export class FakeViewer {
  readonly conn = new FakeConnection();
  readonly subs = new Map<string, ViewerSubscription>();
  /** `error` pushes and frames that failed to decode. */
  readonly errors: unknown[] = [];
  readonly #waiting = new Map<
    string,
    { resolve(result: unknown): void; reject(error: ProtocolError): void }
  >();
  readonly #validate: boolean;
  #handler: ViewerHandler;

  constructor(
    hub: Hub,
    principal: Principal = makePrincipal('viewer'),
    options: { validate?: boolean } = {},
  ) {
    this.#validate = options.validate ?? true;
    this.#handler = hub.viewerConnected(this.conn, principal);
    this.conn.attach(this.#handler);
    this.conn.onSend((text) => this.#onFrame(text));
  }

  /** What the hub handed the adapter for this socket: tell it of new rights with `reauthorized`. */
  get handler(): ViewerHandler {
    return this.#handler;
  }

  /**
   * The runtime dropped the hub's memory while this socket stayed open (see
   * `FakeAgent.takenOverBy`): `hub` takes it over from the last memo it was given, for the user
   * as authenticated again (`principal`). What the viewer received so far stays recorded.
   */
  async takenOverBy(hub: Hub, principal: Principal): Promise<void> {
    const memo = this.conn.lastMemo('viewer') ?? { kind: 'viewer', subs: [] };
    this.#handler = await hub.resumeViewer(this.conn, principal, memo);
    this.conn.attach(this.#handler);
  }

  subscribe(data: DataOf<'logs.subscribe'>): Promise<ResultOf<'logs.subscribe'>> {
    return this.request('logs.subscribe', data) as Promise<ResultOf<'logs.subscribe'>>;
  }

  unsubscribe(sub: string): Promise<ResultOf<'logs.unsubscribe'>> {
    return this.request('logs.unsubscribe', { sub }) as Promise<ResultOf<'logs.unsubscribe'>>;
  }

  request<S extends 'logs.subscribe' | 'logs.unsubscribe'>(subject: S, data: DataOf<S>): Promise<unknown> {
    const inbox = newInbox();
    const answered = new Promise((resolve, reject) => this.#waiting.set(inbox, { resolve, reject }));
    this.conn.receive(encodeRequest(subject, data, inbox));
    return answered;
  }

  sendRaw(text: string | Uint8Array): void {
    this.conn.receive(text);
  }

  sub(sub: string): ViewerSubscription {
    let found = this.subs.get(sub);
    if (!found) {
      found = {
        entries: [],
        historyFrames: 0,
        batchFrames: 0,
        packedFrames: 0,
        historyDone: false,
        batchesBeforeHistoryDone: 0,
        gaps: [],
        skipped: [],
        statuses: [],
      };
      this.subs.set(sub, found);
    }
    return found;
  }

  lines(sub: string): LogLine[] {
    return this.sub(sub).entries.filter((entry): entry is LogLine => entry.kind === 'line');
  }

  seqs(sub: string): number[] {
    return this.lines(sub).map((line) => line.seq);
  }

  close(): void {
    this.conn.drop(CLOSE_CODES.normal, 'bye');
  }

  #onFrame(text: string): void {
    const frame = this.#decode(text);
    if (!frame) return;
    const waiting = this.#waiting.get(frame.subject);
    if (waiting) {
      this.#waiting.delete(frame.subject);
      const reply = frame.data as
        | { ok: true; result: unknown }
        | { ok: false; error: { code: never; message: string } };
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new ProtocolError(reply.error.code, reply.error.message));
      return;
    }
    const data = frame.data as { sub: string };
    switch (frame.subject) {
      case 'logs.history': {
        const history = frame.data as DataOf<'logs.history'>;
        const sub = this.sub(history.sub);
        sub.entries.push(...history.entries);
        sub.historyFrames += 1;
        sub.historyDone ||= history.done;
        return;
      }
      case 'logs.batch': {
        const sub = this.sub(data.sub);
        sub.batchFrames += 1;
        if (!sub.historyDone) sub.batchesBeforeHistoryDone += 1;
        sub.entries.push(...(frame.data as DataOf<'logs.batch'>).entries);
        return;
      }
      case 'logs.batch.packed': {
        const sub = this.sub(data.sub);
        sub.batchFrames += 1;
        sub.packedFrames += 1;
        if (!sub.historyDone) sub.batchesBeforeHistoryDone += 1;
        sub.entries.push(...unpackLogLines((frame.data as DataOf<'logs.batch.packed'>).lines));
        return;
      }
      case 'logs.gap':
        this.sub(data.sub).gaps.push(frame.data as DataOf<'logs.gap'>);
        return;
      case 'logs.skipped':
        this.sub(data.sub).skipped.push(frame.data as DataOf<'logs.skipped'>);
        return;
      case 'logs.status':
        this.sub(data.sub).statuses.push(frame.data as DataOf<'logs.status'>);
        return;
      default:
        this.errors.push(frame.data);
    }
  }

  #decode(text: string): { subject: string; data: unknown } | undefined {
    if (!this.#validate) return JSON.parse(text) as { subject: string; data: unknown };
    const decoded = decode(text, { allow: TO_VIEWER });
    if (!decoded.ok) {
      this.errors.push(decoded.error);
      return undefined;
    }
    return decoded.frame;
  }
}
