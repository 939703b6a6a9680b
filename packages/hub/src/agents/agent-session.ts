import {
  CLOSE_CODES,
  type CloseCode,
  closeCodeFor,
  type DataOf,
  decode,
  decodeResult,
  encodePush,
  encodeRequest,
  type FrameFor,
  isReplyFrame,
  type ManagerProof,
  ProtocolError,
  ReplyInboxes,
  type ResultOf,
  subjectsFor,
} from '@bosun/protocol';
import { closeConnection } from '../close-connection.ts';
import type { HubLogger } from '../logger.ts';
import type { SessionLogRead } from '../logs/log-reads.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import type { Connection, ConnectionHandler } from '../ports/connection.ts';
import type { AgentRecord } from '../ports/store.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import { answerBadFrame, type InboundData, sendErrorReply, sendReply } from '../wire.ts';
import { type AgentHello, mismatchOfRawHello, type Welcome } from './agent-hello.ts';
import type { AgentRequestSubject } from './request-timeouts.ts';

/** Pushes an authenticated agent may send; the hub routes them. */
export type AgentPushSubject =
  | 'agent.heartbeat'
  | 'agent.beat'
  | 'docker.status'
  | 'container.event'
  | 'log.batch'
  | 'log.batch.packed'
  | 'log.stream.error'
  | 'log.read.batch'
  | 'log.read.batch.packed'
  | 'error';
/** A push frame from an authenticated agent, validated by `decode`. */
export type AgentPush = FrameFor<AgentPushSubject>;

// Before its hello an agent may ask the manager to prove its key, once (see manager-proof.ts).
const BEFORE_HELLO = ['agent.hello', 'agent.prove'] as const;
const FROM_AGENT = subjectsFor('agent->manager');

/** What the hub does at each step of an agent connection's life. */
export interface AgentSessionHooks {
  /** Signs the agent's nonce with the manager's key, before the agent sends any secret. */
  prove(request: DataOf<'agent.prove'>): Promise<ManagerProof>;
  authenticate(hello: AgentHello): Promise<Welcome>;
  /** Authenticated; called before the welcome is sent so a session it replaces goes first. */
  welcomed(session: AgentSession, welcome: Welcome): void;
  /** The agent is ready for requests (see `whenReady`). */
  ready(session: AgentSession): void;
  push(session: AgentSession, frame: AgentPush): void;
  /** The socket is gone; `wasWelcomed` says whether it ever had an identity. */
  closed(session: AgentSession, wasWelcomed: boolean): void;
}

/** The bounds and deadlines of one agent connection (from `HubOptions`). */
export interface AgentSessionOptions {
  helloTimeoutMs: number;
  readyGraceMs: number;
  /** Closed after this long without a frame once welcomed (0: never). */
  silenceMs: number;
  maxPending: number;
  logger: HubLogger;
  /** Where request latencies are counted. */
  counters: HubCounters;
}

type Phase = 'hello' | 'authenticating' | 'welcomed' | 'closed';

const offline = () => new ProtocolError('agent_offline', 'the agent disconnected');

/**
 * One agent socket: hello within a deadline, then request/reply and pushes. An unauthenticated
 * socket is sent nothing but the error reply to its hello. Per-connection state is the phase,
 * three timers (hello, ready grace, silence), the pending requests (at most `maxPending`, the
 * requests waiting for readiness among them) and the open reads (at most `maxReadsPerAgent`).
 */
export class AgentSession implements ConnectionHandler {
  readonly conn: Connection;
  readonly pending: ReplyInboxes<TimerHandle>;
  /** Open `log.read`s of this connection: readId → where its batches go. */
  readonly reads = new Map<string, SessionLogRead>();
  #record: AgentRecord | undefined;
  #protocol = 0;
  #agentVersion = '';
  #phase: Phase = 'hello';
  // One proof per socket: more would only let an unauthenticated peer make the manager sign.
  #proveAsked = false;
  readonly #clock: Clock;
  readonly #hooks: AgentSessionHooks;
  readonly #options: AgentSessionOptions;
  #helloTimer: TimerHandle | undefined;
  #readyTimer: TimerHandle | undefined;
  // One timer per agent, re-armed from the last frame's time rather than reset on every frame:
  // log traffic would otherwise mean a timer operation per batch.
  #silenceTimer: TimerHandle | undefined;
  #lastFrameAt = 0;
  #ready = false;
  // Requests whose frame waits for readiness, encoded: plain data, bounded by `pending` (they
  // are in it too), and only while the agent is not yet ready.
  #whenReady: Array<{ inbox: string; frame: string }> = [];

  constructor(conn: Connection, clock: Clock, hooks: AgentSessionHooks, options: AgentSessionOptions) {
    this.conn = conn;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#options = options;
    this.pending = new ReplyInboxes({
      max: options.maxPending,
      limitMessage: (max) => `agent already has ${max} requests in flight`,
      timers: clock,
    });
    this.#helloTimer = clock.setTimeout(
      () => this.terminate(CLOSE_CODES.timeout, 'no hello in time'),
      options.helloTimeoutMs,
    );
  }

  /** The authenticated agent, once welcomed. */
  get agent(): AgentRecord | undefined {
    return this.#record;
  }

  /** The protocol version the agent's hello said it speaks (0 before the welcome). */
  get protocol(): number {
    return this.#protocol;
  }

  /** The bosun version the agent's hello said it runs (empty before the welcome). */
  get agentVersion(): string {
    return this.#agentVersion;
  }

  get open(): boolean {
    return this.#phase !== 'closed';
  }

  onMessage(data: InboundData): void {
    switch (this.#phase) {
      case 'hello':
        this.#onHello(data);
        return;
      case 'welcomed':
        this.#lastFrameAt = this.#clock.now();
        this.#onFrame(data);
        return;
      default:
        // Authenticating: the agent sent more before its welcome. Nothing is kept, so ignoring it
        // costs nothing; closed: too late.
        return;
    }
  }

  onClose(): void {
    this.#teardown();
  }

  /** Closes the socket now and fails everything waiting on it; idempotent. */
  terminate(code: CloseCode, reason: string): void {
    if (this.#phase === 'closed') return;
    closeConnection(this.conn, code, reason);
    this.#teardown();
  }

  /**
   * Sends a request once the agent is ready and resolves with its validated result. Fails with
   * `agent_offline` the moment the socket goes, `timeout` after `timeoutMs` (undefined: never;
   * for a caller that watches the request's progress itself), `limit_exceeded` when too many
   * are in flight.
   */
  async request<S extends AgentRequestSubject>(
    subject: S,
    data: DataOf<S>,
    timeoutMs: number | undefined,
  ): Promise<ResultOf<S>> {
    if (this.#phase !== 'welcomed') throw offline();
    const { inbox, settled } = this.pending.open(
      timeoutMs,
      `${subject}: no answer from the agent within ${timeoutMs} ms`,
    );
    try {
      const frame = encodeRequest(subject, data, inbox);
      if (this.#ready) this.conn.send(frame);
      else this.#whenReady.push({ inbox, frame });
    } catch (error) {
      this.pending.fail(
        inbox,
        error instanceof ProtocolError ? error : new ProtocolError('internal', 'could not send'),
      );
    }
    const sentAt = this.#clock.now();
    try {
      const decoded = decodeResult(subject, await settled);
      if (!decoded.ok) throw decoded.error;
      this.#options.counters.agentRequest(subject, this.#clock.now() - sentAt);
      return decoded.result;
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : 'internal';
      this.#options.counters.agentRequest(subject, this.#clock.now() - sentAt, code);
      throw error;
    }
  }

  /**
   * Sends a push to a ready agent (`log.read.credit`, `log.read.cancel`); dropped when the socket
   * is gone or the agent not yet ready, since those only concern requests already sent to it.
   */
  push<S extends 'log.read.credit' | 'log.read.cancel'>(subject: S, data: DataOf<S>): void {
    if (this.#phase !== 'welcomed' || !this.#ready) return;
    this.conn.send(encodePush(subject, data));
  }

  #onHello(data: InboundData): void {
    const decoded = decode(data, { allow: BEFORE_HELLO });
    if (!decoded.ok) {
      const mismatch = decoded.error.code === 'invalid_data' ? mismatchOfRawHello(data) : undefined;
      this.#refuse(decoded.reply, mismatch ?? decoded.error);
      return;
    }
    const frame = decoded.frame;
    if (!isReplyFrame(frame) && frame.subject === 'agent.prove' && frame.reply !== undefined) {
      this.#prove(frame.reply, frame.data as DataOf<'agent.prove'>);
      return;
    }
    if (isReplyFrame(frame) || frame.subject !== 'agent.hello' || frame.reply === undefined) {
      this.#refuse(undefined, new ProtocolError('bad_frame', 'the first frame must be agent.hello'));
      return;
    }
    const inbox = frame.reply;
    this.#phase = 'authenticating';
    this.#hooks.authenticate(frame.data).then(
      (welcome) => this.#welcome(inbox, welcome),
      (error: unknown) => this.#refuse(inbox, error),
    );
  }

  #prove(inbox: string, request: DataOf<'agent.prove'>): void {
    if (this.#proveAsked) {
      this.#refuse(inbox, new ProtocolError('bad_frame', 'agent.prove is answered once per connection'));
      return;
    }
    this.#proveAsked = true;
    this.#hooks.prove(request).then(
      (proof) => {
        if (this.#phase !== 'closed') sendReply(this.conn, inbox, proof, this.#options.logger);
      },
      (error: unknown) => this.#refuse(inbox, error),
    );
  }

  #refuse(inbox: string | undefined, error: unknown): void {
    if (this.#phase === 'closed') return;
    if (inbox !== undefined) sendErrorReply(this.conn, inbox, error, this.#options.logger);
    const message = error instanceof ProtocolError ? error.message : 'internal error';
    this.terminate(closeCodeFor(error), message);
  }

  /**
   * Takes over an agent socket welcomed before the runtime dropped the hub's memory (a Durable
   * Object woken from hibernation): welcomed again without a hello, and ready at once, since the
   * agent is. `heardAt`: when the agent was last heard, from which its silence counts.
   */
  resume(welcome: Welcome, heardAt: number): void {
    if (this.#phase !== 'hello') return;
    this.#clearTimers();
    this.#adopt(welcome);
    if (!this.open) return;
    this.#lastFrameAt = heardAt;
    this.#markReady();
    this.#watchSilence(Math.max(0, this.#options.silenceMs - (this.#clock.now() - heardAt)));
  }

  #adopt(welcome: Welcome): void {
    this.#record = welcome.record;
    this.#protocol = welcome.software.protocol;
    this.#agentVersion = welcome.software.agentVersion;
    this.#phase = 'welcomed';
    this.#hooks.welcomed(this, welcome);
    if (!this.open) return;
    this.conn.remember?.({
      kind: 'agent',
      agentId: welcome.record.id,
      protocol: welcome.software.protocol,
      agentVersion: welcome.software.agentVersion,
    });
  }

  #welcome(inbox: string, welcome: Welcome): void {
    // The socket may have gone while the store was being asked. A join completed that way leaves
    // an agent whose credential never arrived: it stays offline until revoked.
    if (this.#phase !== 'authenticating') return;
    this.#clearTimers();
    this.#adopt(welcome);
    if (!this.open) return;
    sendReply(this.conn, inbox, welcome.result, this.#options.logger);
    // The agent treats any frame before it has finished handling the welcome as a broken link,
    // so requests wait for its first frame (it pushes docker.status at once) or a short grace.
    this.#readyTimer = this.#clock.setTimeout(() => this.#markReady(), this.#options.readyGraceMs);
    this.#lastFrameAt = this.#clock.now();
    this.#watchSilence(this.#options.silenceMs);
  }

  #watchSilence(delayMs: number): void {
    if (this.#options.silenceMs <= 0 || this.#phase !== 'welcomed') return;
    this.#silenceTimer = this.#clock.setTimeout(() => {
      // Beats the runtime answered by itself count as hearing from the agent.
      const heard = Math.max(this.#lastFrameAt, this.conn.heardAt?.() ?? 0);
      const quietFor = this.#clock.now() - heard;
      if (quietFor >= this.#options.silenceMs) {
        this.terminate(CLOSE_CODES.timeout, `nothing from the agent for ${Math.round(quietFor / 1000)} s`);
      } else this.#watchSilence(this.#options.silenceMs - quietFor);
    }, delayMs);
  }

  #onFrame(data: InboundData): void {
    const decoded = decode(data, { allow: FROM_AGENT });
    if (!decoded.ok) answerBadFrame(this.conn, decoded, this.#options.logger);
    else if (isReplyFrame(decoded.frame)) this.pending.settle(decoded.frame.subject, decoded.frame.data);
    else if (decoded.frame.subject === 'agent.hello' || decoded.frame.subject === 'agent.prove') {
      // decode guarantees a request has its reply inbox.
      sendErrorReply(
        this.conn,
        decoded.frame.reply as string,
        new ProtocolError('conflict', 'already welcomed'),
        this.#options.logger,
      );
    } else this.#push(decoded.frame as AgentPush);
    this.#markReady();
  }

  // One bad push must not take the link down: the hub's handling is guarded here.
  #push(frame: AgentPush): void {
    try {
      this.#hooks.push(this, frame);
    } catch (error) {
      this.#options.logger('error', 'agent push handling failed', {
        subject: frame.subject,
        error: String(error),
      });
    }
  }

  #markReady(): void {
    if (this.#ready || this.#phase !== 'welcomed') return;
    this.#ready = true;
    if (this.#readyTimer !== undefined) this.#clock.clearTimeout(this.#readyTimer);
    this.#readyTimer = undefined;
    const waiting = this.#whenReady;
    this.#whenReady = [];
    // A request that timed out meanwhile is no longer pending: its frame is not sent.
    for (const { inbox, frame } of waiting) if (this.pending.has(inbox)) this.conn.send(frame);
    this.#hooks.ready(this);
  }

  #clearTimers(): void {
    for (const timer of [this.#helloTimer, this.#readyTimer, this.#silenceTimer]) {
      if (timer !== undefined) this.#clock.clearTimeout(timer);
    }
    this.#helloTimer = undefined;
    this.#readyTimer = undefined;
    this.#silenceTimer = undefined;
  }

  #teardown(): void {
    if (this.#phase === 'closed') return;
    const wasWelcomed = this.#phase === 'welcomed';
    this.#phase = 'closed';
    this.#clearTimers();
    this.#whenReady = [];
    this.pending.failAll(offline());
    this.reads.clear();
    try {
      this.#hooks.closed(this, wasWelcomed);
    } catch (error) {
      this.#options.logger('error', 'agent close handling failed', { error: String(error) });
    }
  }
}
