import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createManagerKeyPkcs8, importManagerKey, type ManagerKey } from '@bosun/hub';
import {
  bytesToBase64url,
  type DataOf,
  decode,
  decodeResult,
  encodeErrorReply,
  encodeReply,
  encodeRequest,
  isReplyFrame,
  type LogEntry,
  managerProofMessage,
  PROTOCOL_VERSION,
  ProtocolError,
  ReplyInboxes,
  type ResultOf,
  type Subject,
  unpackLogLines,
  type WireError,
} from '@bosun/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import { waitFor } from './wait-for.ts';

/**
 * A manager stand-in for testing the agent alone: it speaks the real protocol
 * on a loopback WebSocket, hands out credentials for join tokens it was told
 * about, records everything the agent pushes and lets a test send requests
 * and cut the link. It is a test peer for the agent, not a model of the hub.
 */
export class ScriptedManager {
  readonly #wss: WebSocketServer;
  readonly #tokens = new Set<string>();
  readonly #credentials = new Map<string, string>();
  readonly #pending = new ReplyInboxes();
  readonly #key: ManagerKey;
  #socket: WebSocket | undefined;
  /** Every `agent.prove` nonce asked of this manager. */
  readonly proofsAsked: string[] = [];
  /** When set, `agent.prove` is answered with this error instead of a proof. */
  refuseProofs: WireError | undefined;
  /** Time (ms) of every accepted socket, for observing the agent's backoff. */
  readonly connectTimes: number[] = [];
  readonly hellos: DataOf<'agent.hello'>[] = [];
  readonly entries = new Map<string, LogEntry[]>();
  readonly events: DataOf<'container.event'>[] = [];
  readonly reads = new Map<string, LogEntry[]>();
  readonly dockerStatus: DataOf<'docker.status'>[] = [];
  readonly errors: unknown[] = [];
  acceptHellos = true;
  /** The protocol version the welcome says this manager speaks. */
  protocol = PROTOCOL_VERSION;
  /** When set, every hello is answered with this refusal (a manager of another protocol, say). */
  refuseHellos: WireError | undefined;
  /**
   * Heartbeat interval handed to agents in the welcome. Short, so tests notice a dead link fast;
   * a test that stalls the link on purpose must make it longer than the stall, or the agent
   * rightly takes the link for dead and reconnects.
   */
  heartbeatSeconds = 1;
  /**
   * Whether the welcome offers packed log batches, as a manager of today does; false plays an
   * older manager, to which the agent must send per-entry batches.
   */
  packedBatches = true;
  /** The subject of every log batch the agent pushed, in order (which form it chose). */
  readonly batchSubjects: string[] = [];

  private constructor(wss: WebSocketServer, key: ManagerKey) {
    this.#wss = wss;
    this.#key = key;
    wss.on('connection', (ws) => this.#accept(ws));
  }

  /**
   * `port`, `credentials` and `key` of an earlier instance let a test "restart" the manager; a
   * new key at the same port is an impostor at the agent's manager URL.
   */
  static async start(
    options: { port?: number; credentials?: ReadonlyMap<string, string>; key?: ManagerKey } = {},
  ): Promise<ScriptedManager> {
    const key = options.key ?? (await importManagerKey(new Uint8Array(await createManagerKeyPkcs8())));
    const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, path: '/ws/agent' });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const manager = new ScriptedManager(wss, key);
    for (const [credential, agentId] of options.credentials ?? [])
      manager.#credentials.set(credential, agentId);
    return manager;
  }

  get credentials(): ReadonlyMap<string, string> {
    return this.#credentials;
  }

  /** The key this manager proves itself with. */
  get key(): ManagerKey {
    return this.#key;
  }

  /** Stops reading the agent's socket, so its TCP window fills as on a slow link. */
  pauseReading(): void {
    (this.#socket as unknown as { _socket?: { pause(): void } })?._socket?.pause();
  }

  resumeReading(): void {
    (this.#socket as unknown as { _socket?: { resume(): void } })?._socket?.resume();
  }

  /** The resume cursor for a container: its last line, as the hub would compute it. */
  cursorOf(container: string): { seq: number; ts: string; countAtTs: number } | undefined {
    const lines = this.linesOf(container);
    const last = lines.at(-1);
    if (!last) return undefined;
    let countAtTs = 0;
    for (let i = lines.length - 1; i >= 0 && lines[i]!.ts === last.ts; i--) countAtTs++;
    return { seq: last.seq, ts: last.ts, countAtTs };
  }

  get port(): number {
    return (this.#wss.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connected(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN && this.#welcomed;
  }

  #welcomed = false;

  createJoinToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.#tokens.add(token);
    return token;
  }

  revokeAll(): void {
    this.#credentials.clear();
  }

  linesOf(container: string): Extract<LogEntry, { kind: 'line' }>[] {
    return (this.entries.get(container) ?? []).filter((e) => e.kind === 'line');
  }

  async request<S extends Subject>(subject: S, data: DataOf<S>, timeoutMs = 30_000): Promise<ResultOf<S>> {
    const ws = this.#socket;
    if (!ws || !this.#welcomed) throw new Error('no agent connected');
    const { inbox, settled } = this.#pending.open(timeoutMs, `${subject} timed out`);
    ws.send(encodeRequest(subject, data, inbox));
    const checked = decodeResult(subject, await settled);
    if (!checked.ok) throw checked.error;
    return checked.result;
  }

  /** Sends raw text, for bad-input tests. */
  sendRaw(text: string): void {
    this.#socket?.send(text);
  }

  /** Cuts the agent off the hard way, as a crashed manager or a dead network would. */
  dropAgent(): void {
    this.#socket?.terminate();
  }

  async waitForAgent(timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.connected, { timeoutMs, what: 'the agent to connect' });
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    this.connectTimes.push(Date.now());
    if (this.#socket) this.#socket.terminate();
    this.#socket = ws;
    this.#welcomed = false;
    ws.on('message', (raw: Buffer) => this.#onMessage(ws, raw));
    ws.on('close', () => {
      if (this.#socket !== ws) return;
      this.#socket = undefined;
      this.#welcomed = false;
      this.#pending.failAll(new ProtocolError('agent_offline', 'agent disconnected'));
    });
  }

  #onMessage(ws: WebSocket, raw: Buffer): void {
    const decoded = decode(raw);
    if (!decoded.ok) {
      this.errors.push(decoded.error);
      return;
    }
    if (isReplyFrame(decoded.frame)) {
      this.#pending.settle(decoded.frame.subject, decoded.frame.data);
      return;
    }
    const frame = decoded.frame as { subject: string; reply?: string; data: unknown };
    switch (frame.subject) {
      case 'agent.prove':
        void this.#prove(ws, frame.data as DataOf<'agent.prove'>, frame.reply!);
        return;
      case 'agent.hello':
        this.#hello(ws, frame.data as DataOf<'agent.hello'>, frame.reply!);
        return;
      case 'log.batch': {
        const { container, entries } = frame.data as DataOf<'log.batch'>;
        this.#keepBatch(frame.subject, this.entries, container, entries);
        return;
      }
      case 'log.batch.packed': {
        const { container, lines } = frame.data as DataOf<'log.batch.packed'>;
        this.#keepBatch(frame.subject, this.entries, container, unpackLogLines(lines));
        return;
      }
      case 'log.read.batch': {
        const { readId, entries } = frame.data as DataOf<'log.read.batch'>;
        this.#keepBatch(frame.subject, this.reads, readId, entries);
        return;
      }
      case 'log.read.batch.packed': {
        const { readId, lines } = frame.data as DataOf<'log.read.batch.packed'>;
        this.#keepBatch(frame.subject, this.reads, readId, unpackLogLines(lines));
        return;
      }
      case 'container.event':
        this.events.push(frame.data as DataOf<'container.event'>);
        return;
      case 'error':
        this.errors.push(frame.data);
        return;
      case 'docker.status':
        this.dockerStatus.push(frame.data as DataOf<'docker.status'>);
        return;
      default:
        return;
    }
  }

  #keepBatch(subject: string, into: Map<string, LogEntry[]>, key: string, entries: LogEntry[]): void {
    this.batchSubjects.push(subject);
    const list = into.get(key) ?? [];
    for (const e of entries) list.push(e);
    into.set(key, list);
  }

  async #prove(ws: WebSocket, data: DataOf<'agent.prove'>, inbox: string): Promise<void> {
    this.proofsAsked.push(data.nonce);
    if (this.refuseProofs) {
      ws.send(encodeErrorReply(inbox, this.refuseProofs));
      return;
    }
    const signature = await this.#key.sign(managerProofMessage(data.nonce));
    ws.send(
      encodeReply(inbox, { publicKey: await this.#key.publicKey(), signature: bytesToBase64url(signature) }),
    );
  }

  #hello(ws: WebSocket, hello: DataOf<'agent.hello'>, inbox: string): void {
    this.hellos.push(hello);
    if (this.refuseHellos) {
      ws.send(encodeErrorReply(inbox, this.refuseHellos));
      return;
    }
    const name = hello.name ?? hello.host.hostname;
    if ('joinToken' in hello.auth) {
      if (!this.acceptHellos || !this.#tokens.delete(hello.auth.joinToken)) {
        ws.send(encodeErrorReply(inbox, { code: 'unauthorized', message: 'join token is invalid or used' }));
        return;
      }
      const credential = randomBytes(32).toString('base64url');
      const agentId = `agent-${this.#credentials.size + 1}`;
      this.#credentials.set(credential, agentId);
      ws.send(
        encodeReply(inbox, {
          agentId,
          name,
          credential,
          heartbeatSeconds: this.heartbeatSeconds,
          protocol: this.protocol,
          ...(this.packedBatches ? { packedBatches: true } : {}),
        }),
      );
    } else {
      const agentId = this.#credentials.get(hello.auth.credential);
      if (!this.acceptHellos || !agentId) {
        ws.send(encodeErrorReply(inbox, { code: 'unauthorized', message: 'credential rejected' }));
        return;
      }
      ws.send(
        encodeReply(inbox, {
          agentId,
          name,
          heartbeatSeconds: this.heartbeatSeconds,
          protocol: this.protocol,
          ...(this.packedBatches ? { packedBatches: true } : {}),
        }),
      );
    }
    this.#welcomed = true;
  }
}
