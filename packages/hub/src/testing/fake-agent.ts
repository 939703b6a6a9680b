import {
  BOSUN_VERSION,
  type ContainerSummary,
  type DataOf,
  decode,
  encodeErrorReply,
  encodePush,
  encodeReply,
  encodeRequest,
  type HostFacts,
  isReplyFrame,
  type LogEntry,
  type LogLine,
  MAX_BATCH_LINES,
  newInbox,
  PROTOCOL_VERSION,
  packBatch,
  type ResultOf,
  subjectsFor,
  type WireError,
} from '@bosun/protocol';
import type { AgentRequestSubject } from '../agents/request-timeouts.ts';
import type { Hub } from '../hub.ts';
import { FakeConnection } from './fake-connection.ts';
import { dockerTs, HOST_FACTS } from './fixtures.ts';

/** A request the fake agent received, kept so a test can look at it or answer it by hand. */
export type FakeAgentRequest = { subject: AgentRequestSubject; data: unknown; reply: string };
type StoredLine = { ts: string; stream: 'stdout' | 'stderr'; text: string };

/** How a fake agent introduces itself and what it holds. */
export type FakeAgentOptions = {
  auth: { joinToken: string } | { credential: string };
  name?: string;
  host?: HostFacts;
  protocol?: number;
  /** The bosun version its hello names; this build's by default, so it is not outdated. */
  agentVersion?: string;
  containers?: ContainerSummary[];
  /** Push docker.status right after the welcome, as the real agent does (default true). */
  announceDocker?: boolean;
  /** Subjects held from the start (see `hold`). */
  hold?: AgentRequestSubject[];
  /** The same host coming back: Docker's stored logs did not go anywhere. */
  sameHostAs?: FakeAgent;
  /**
   * Send lines as `log.batch.packed` / `log.read.batch.packed` when the welcome offered them, as
   * the real agent does (default false: the per-entry form of an older agent).
   */
  packed?: boolean;
};

const TO_AGENT = subjectsFor('manager->agent');

/**
 * A scripted agent speaking the real protocol through the hub. It keeps a Docker-like stored
 * log per container and numbers lines the way the real agent does (from `nextSeq`, or after a
 * resume cursor, skipping `countAtTs` lines at its timestamp), so resume tests check real
 * arithmetic. Requests are answered automatically unless held.
 */
export class FakeAgent {
  readonly conn = new FakeConnection();
  containers: ContainerSummary[];
  /** Every request received, in order. */
  readonly requests: FakeAgentRequest[] = [];
  /** Requests of held subjects, waiting for `answer` or `fail`. */
  readonly held: FakeAgentRequest[] = [];
  readonly startRequests: DataOf<'log.stream.start'>[] = [];
  /** Pushes the manager sent (`log.read.credit`, `log.read.cancel`), in order. */
  readonly pushes: Array<{ subject: string; data: unknown }> = [];
  /** Containers being streamed → the seq the next live line takes. */
  readonly streams = new Map<string, number>();
  /** The subjects of the pushes this agent sent, in order. */
  readonly pushed: string[] = [];
  /** What the agent received that failed to decode or was an error push. */
  readonly errors: unknown[] = [];
  welcome: ResultOf<'agent.hello'> | undefined;
  refusal: WireError | undefined;
  readonly #options: FakeAgentOptions;
  readonly #held = new Set<string>();
  readonly #logs = new Map<string, StoredLine[]>();
  #clock = 0;
  #helloInbox: string | undefined;
  #answered: (() => void) | undefined;

  private constructor(hub: Hub, options: FakeAgentOptions) {
    this.#options = options;
    this.containers = options.containers ?? [];
    for (const subject of options.hold ?? []) this.#held.add(subject);
    if (options.sameHostAs) {
      for (const [container, lines] of options.sameHostAs.#logs) this.#logs.set(container, lines);
      this.#clock = options.sameHostAs.#clock;
    }
    this.conn.attach(hub.agentConnected(this.conn));
    // Frames are handled on a later microtask, never inside the hub's own send.
    this.conn.onSend((text) => queueMicrotask(() => this.#onFrame(text)));
  }

  /** A socket that has not said anything yet. */
  static open(hub: Hub, options: FakeAgentOptions): FakeAgent {
    return new FakeAgent(hub, options);
  }

  /** Opens, says hello and waits for the answer (welcome or refusal). */
  static async connect(hub: Hub, options: FakeAgentOptions): Promise<FakeAgent> {
    const agent = new FakeAgent(hub, options);
    await agent.hello();
    return agent;
  }

  /** The credential to come back with: the one handed out at join, or the one used. */
  get credential(): string | undefined {
    const auth = this.#options.auth;
    return this.welcome?.credential ?? ('credential' in auth ? auth.credential : undefined);
  }

  get id(): string {
    if (!this.welcome) throw new Error('not welcomed');
    return this.welcome.agentId;
  }

  hello(): Promise<void> {
    const options = this.#options;
    const hello: DataOf<'agent.hello'> = {
      protocol: options.protocol ?? PROTOCOL_VERSION,
      agentVersion: options.agentVersion ?? BOSUN_VERSION,
      host: options.host ?? HOST_FACTS,
      auth: options.auth,
    };
    if (options.name !== undefined) hello.name = options.name;
    this.#helloInbox = newInbox();
    const answered = new Promise<void>((resolve) => {
      this.#answered = resolve;
    });
    this.conn.receive(encodeRequest('agent.hello', hello, this.#helloInbox));
    return answered;
  }

  push<
    S extends
      | 'agent.heartbeat'
      | 'docker.status'
      | 'container.event'
      | 'log.batch'
      | 'log.batch.packed'
      | 'log.stream.error'
      | 'log.read.batch'
      | 'log.read.batch.packed',
  >(subject: S, data: DataOf<S>): void {
    this.pushed.push(subject);
    this.conn.receive(encodePush(subject, data));
  }

  /** Sends raw text, for bad-frame tests. */
  sendRaw(text: string | Uint8Array): void {
    this.conn.receive(text);
  }

  hold(subject: AgentRequestSubject): void {
    this.#held.add(subject);
  }

  release(subject: AgentRequestSubject): void {
    this.#held.delete(subject);
  }

  answer(request: FakeAgentRequest, result: unknown): void {
    this.#remove(request);
    this.conn.receive(encodeReply(request.reply, result));
  }

  fail(request: FakeAgentRequest, error: WireError): void {
    this.#remove(request);
    this.conn.receive(encodeErrorReply(request.reply, error));
  }

  /**
   * Docker stored new lines for a container; streamed live when the container is followed.
   * `sameTs` stamps them all with one timestamp (several lines in one nanosecond).
   */
  write(container: string, count: number, options: { sameTs?: boolean; prefix?: string } = {}): void {
    const stored = this.#logs.get(container) ?? [];
    this.#logs.set(container, stored);
    const fresh: StoredLine[] = [];
    const ts = dockerTs(++this.#clock);
    for (let i = 0; i < count; i++) {
      const line: StoredLine = {
        ts: options.sameTs ? ts : dockerTs(++this.#clock),
        stream: 'stdout',
        text: `${options.prefix ?? 'line'} ${stored.length}`,
      };
      stored.push(line);
      fresh.push(line);
    }
    if (this.streams.has(container) && !this.conn.closed) this.#stream(container, fresh);
  }

  /** Pushes entries as they are (markers, gaps, hand-made lines). */
  pushEntries(container: string, entries: LogEntry[]): void {
    const lines = this.#packs() ? packBatch(entries) : undefined;
    if (lines !== undefined) this.push('log.batch.packed', { container, lines });
    else this.push('log.batch', { container, entries });
  }

  #packs(): boolean {
    return this.#options.packed === true && this.welcome?.packedBatches === true;
  }

  /**
   * The runtime dropped the hub's memory while this socket stayed open (a Durable Object woken
   * from hibernation): `hub` takes the socket over from the last memo it was given, the agent last
   * heard at `heardAt`. The agent itself goes on as it was, its follows and numbering kept.
   */
  async takenOverBy(hub: Hub, heardAt: number): Promise<void> {
    const memo = this.conn.lastMemo('agent');
    if (!memo) throw new Error('the hub gave this socket nothing to remember');
    this.conn.attach(await hub.resumeAgent(this.conn, memo, heardAt));
  }

  /** The network drops. */
  disconnect(): void {
    this.streams.clear();
    this.conn.drop();
  }

  #onFrame(text: string): void {
    const decoded = decode(text, { allow: TO_AGENT });
    if (!decoded.ok) {
      this.errors.push(decoded.error);
      return;
    }
    const frame = decoded.frame;
    if (isReplyFrame(frame)) {
      if (frame.subject !== this.#helloInbox) return;
      if (frame.data.ok) this.welcome = frame.data.result as ResultOf<'agent.hello'>;
      else this.refusal = frame.data.error;
      this.#answered?.();
      if (this.welcome && this.#options.announceDocker !== false)
        this.push('docker.status', { available: true });
      return;
    }
    if (frame.subject === 'error') {
      this.errors.push(frame.data);
      return;
    }
    if (frame.reply === undefined) {
      this.pushes.push({ subject: frame.subject, data: frame.data });
      return;
    }
    const request = {
      subject: frame.subject as AgentRequestSubject,
      data: frame.data,
      reply: frame.reply as string,
    };
    this.requests.push(request);
    if (this.#held.has(request.subject)) this.held.push(request);
    else this.#autoAnswer(request);
  }

  #autoAnswer(request: FakeAgentRequest): void {
    if (request.subject === 'log.stream.start') {
      this.#startStream(request, request.data as DataOf<'log.stream.start'>);
      return;
    }
    const outcome = this.#outcome(request);
    if ('error' in outcome) this.fail(request, outcome.error);
    else this.conn.receive(encodeReply(request.reply, outcome.result));
  }

  // What a healthy Docker host would answer.
  #outcome(request: FakeAgentRequest): { result: unknown } | { error: WireError } {
    switch (request.subject) {
      case 'container.list':
        return { result: { containers: this.containers } };
      case 'container.start':
      case 'container.stop':
      case 'container.restart': {
        const { id } = request.data as DataOf<'container.start'>;
        const found = this.containers.find((c) => c.id === id || c.name === id);
        if (!found) return { error: { code: 'not_found', message: `no container ${id}` } };
        return {
          result: { id: found.id, state: request.subject === 'container.stop' ? 'exited' : 'running' },
        };
      }
      case 'log.stream.stop': {
        const { container } = request.data as DataOf<'log.stream.stop'>;
        this.streams.delete(container);
        return { result: { container } };
      }
      case 'log.read': {
        const { readId, container } = request.data as DataOf<'log.read'>;
        const lines = this.#number(this.#logs.get(container) ?? [], 0) as LogLine[];
        for (let i = 0; i < lines.length; i += MAX_BATCH_LINES) {
          const entries = lines.slice(i, i + MAX_BATCH_LINES);
          const packed = this.#packs() ? packBatch(entries) : undefined;
          if (packed !== undefined) this.push('log.read.batch.packed', { readId, lines: packed });
          else this.push('log.read.batch', { readId, entries });
        }
        return { result: { readId, lines: lines.length } };
      }
      default:
        return { error: { code: 'unknown_subject', message: request.subject } };
    }
  }

  #startStream(request: FakeAgentRequest, data: DataOf<'log.stream.start'>): void {
    this.startRequests.push(data);
    const stored = this.#logs.get(data.container) ?? [];
    let backlog: StoredLine[];
    let nextSeq: number;
    if (data.resume) {
      // Docker's since= is inclusive: re-read from ts, skip what the manager already has there.
      const { ts, countAtTs = 1 } = data.resume;
      const from = stored.findIndex((line) => line.ts >= ts);
      backlog = from < 0 ? [] : stored.slice(from);
      let skip = countAtTs;
      while (skip > 0 && backlog[0]?.ts === ts) {
        backlog = backlog.slice(1);
        skip--;
      }
      nextSeq = data.resume.seq + 1;
    } else {
      backlog = stored.slice(Math.max(0, stored.length - (data.tail ?? 1000)));
      nextSeq = data.nextSeq ?? 0;
    }
    this.streams.set(data.container, nextSeq);
    this.conn.receive(encodeReply(request.reply, { container: data.container, nextSeq, tty: false }));
    if (backlog.length > 0) this.#stream(data.container, backlog);
  }

  #stream(container: string, lines: StoredLine[]): void {
    const next = this.streams.get(container) ?? 0;
    const entries = this.#number(lines, next);
    this.streams.set(container, next + entries.length);
    for (let i = 0; i < entries.length; i += MAX_BATCH_LINES) {
      this.pushEntries(container, entries.slice(i, i + MAX_BATCH_LINES));
    }
  }

  #number(lines: StoredLine[], from: number): LogEntry[] {
    return lines.map((line, i) => ({ kind: 'line', seq: from + i, ...line }));
  }

  #remove(request: FakeAgentRequest): void {
    const index = this.held.indexOf(request);
    if (index >= 0) this.held.splice(index, 1);
  }
}
