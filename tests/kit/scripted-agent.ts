import {
  AGENT_SOCKET_PATH,
  type ContainerSummary,
  decode,
  type HostFacts,
  isReplyFrame,
  type LogLine,
  subjectsFor,
} from '@bosun/protocol';
import WebSocket from 'ws';

/** What a scripted agent was asked, in order. */
export type ScriptedAgentRequest = { subject: string; data: unknown };

/** Who a scripted agent is and what it holds. */
export type ScriptedAgentOptions = {
  /** The manager's HTTP URL. */
  managerUrl: string;
  joinToken: string;
  name: string;
  /** The protocol version its hello states. */
  protocol: number;
  agentVersion: string;
  containers: ContainerSummary[];
};

type StoredLine = { ts: string; stream: 'stdout' | 'stderr'; text: string };

const TO_AGENT = subjectsFor('manager->agent');
const HOST: HostFacts = { hostname: 'scripted', os: 'linux', arch: 'x64', cpus: 2, memoryBytes: 2 ** 31 };

/**
 * An agent stand-in on a real socket, for testing the manager against an agent of an older
 * protocol, as a host not upgraded yet runs one. It writes every frame by hand in the shapes of
 * protocol 1 (a hello with its version, the answers to container.list, container.start/stop,
 * log.stream.start/stop, log batches and heartbeats) instead of through today's encoders, and
 * reads the welcome as a protocol 1 agent did: only the fields it knew. No Docker underneath: its
 * containers and their stored lines are what the test gives it.
 */
export class ScriptedAgent {
  readonly requests: ScriptedAgentRequest[] = [];
  /** The hello result as the manager sent it, fields this agent does not read included. */
  welcome: Record<string, unknown> | undefined;
  containers: ContainerSummary[];
  readonly #ws: WebSocket;
  readonly #stored = new Map<string, StoredLine[]>();
  /** Containers being streamed → the seq their next line takes. */
  readonly #streams = new Map<string, number>();
  #heartbeat: NodeJS.Timeout | undefined;
  #clock = 0;

  private constructor(ws: WebSocket, containers: ContainerSummary[]) {
    this.#ws = ws;
    this.containers = containers;
  }

  /** Dials the manager and joins with the token; rejects with the manager's refusal. */
  static join(options: ScriptedAgentOptions): Promise<ScriptedAgent> {
    const ws = new WebSocket(`${options.managerUrl.replace(/^http/, 'ws')}${AGENT_SOCKET_PATH}`);
    const agent = new ScriptedAgent(ws, options.containers);
    const inbox = '_inbox.00000000-0000-4000-8000-000000000001';
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('close', (code, reason) => reject(new Error(`closed before a welcome: ${code} ${reason}`)));
      ws.once('open', () =>
        agent.#send({
          subject: 'agent.hello',
          reply: inbox,
          data: {
            protocol: options.protocol,
            agentVersion: options.agentVersion,
            name: options.name,
            host: HOST,
            auth: { joinToken: options.joinToken },
          },
        }),
      );
      ws.on('message', (raw: Buffer) => {
        if (agent.welcome) {
          agent.#onFrame(raw);
          return;
        }
        const decoded = decode(raw);
        if (!decoded.ok || decoded.frame.subject !== inbox || !isReplyFrame(decoded.frame)) return;
        const reply = decoded.frame.data;
        if (!reply.ok) {
          reject(new Error(`hello refused: ${reply.error.code}: ${reply.error.message}`));
          return;
        }
        agent.welcome = reply.result as Record<string, unknown>;
        agent.#welcomed(Number(agent.welcome.heartbeatSeconds));
        ws.removeAllListeners('close');
        resolve(agent);
      });
    });
  }

  /** Docker stored new lines for a container: streamed at once when the manager follows it. */
  write(container: string, texts: readonly string[]): void {
    const stored = this.#stored.get(container) ?? [];
    this.#stored.set(container, stored);
    const fresh = texts.map((text): StoredLine => ({ ts: this.#nextTs(), stream: 'stdout', text }));
    stored.push(...fresh);
    if (this.#streams.has(container)) this.#stream(container, fresh);
  }

  /** Closes the socket and stops the heartbeat; resolves once closed. */
  close(): Promise<void> {
    clearInterval(this.#heartbeat);
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close();
    });
  }

  #welcomed(heartbeatSeconds: number): void {
    this.#send({
      subject: 'docker.status',
      data: { available: true, version: '27.3.1', apiVersion: '1.47' },
    });
    this.#heartbeat = setInterval(() => {
      this.#ws.ping();
      this.#send({ subject: 'agent.heartbeat', data: { at: Date.now() } });
    }, heartbeatSeconds * 1000);
    this.#heartbeat.unref();
  }

  #onFrame(raw: Buffer): void {
    const decoded = decode(raw, { allow: TO_AGENT });
    if (!decoded.ok || isReplyFrame(decoded.frame) || decoded.frame.reply === undefined) return;
    const { subject, data, reply } = decoded.frame;
    this.requests.push({ subject, data });
    const answer = this.#answer(subject, data);
    if ('error' in answer) this.#send({ subject: reply, data: { ok: false, error: answer.error } });
    else this.#send({ subject: reply, data: { ok: true, result: answer.result } });
    if (subject === 'log.stream.start' && 'result' in answer) {
      const { container } = data as { container: string };
      this.#stream(container, this.#stored.get(container) ?? []);
    }
  }

  #answer(
    subject: string,
    data: unknown,
  ): { result: unknown } | { error: { code: string; message: string } } {
    switch (subject) {
      case 'container.list':
        return { result: { containers: this.containers } };
      case 'container.start':
      case 'container.stop': {
        const { id } = data as { id: string };
        const found = this.containers.find((c) => c.id === id || c.name === id);
        if (!found) return { error: { code: 'not_found', message: `no container ${id}` } };
        found.state = subject === 'container.stop' ? 'exited' : 'running';
        return { result: { id: found.id, state: found.state } };
      }
      case 'log.stream.start': {
        // Fresh streams only: this stand-in does not model resume cursors.
        const { container, nextSeq = 0 } = data as { container: string; nextSeq?: number };
        this.#streams.set(container, nextSeq);
        return { result: { container, nextSeq, tty: false } };
      }
      case 'log.stream.stop': {
        const { container } = data as { container: string };
        this.#streams.delete(container);
        return { result: { container } };
      }
      default:
        return { error: { code: 'unknown_subject', message: `${subject} is not scripted` } };
    }
  }

  #stream(container: string, lines: readonly StoredLine[]): void {
    if (lines.length === 0) return;
    const first = this.#streams.get(container) ?? 0;
    const entries: LogLine[] = lines.map((line, i) => ({ kind: 'line', seq: first + i, ...line }));
    this.#streams.set(container, first + entries.length);
    this.#send({ subject: 'log.batch', data: { container, entries } });
  }

  #nextTs(): string {
    this.#clock += 1;
    return `2026-11-25T06:30:00.${String(this.#clock).padStart(9, '0')}Z`;
  }

  #send(frame: { subject: string; reply?: string; data: unknown }): void {
    this.#ws.send(JSON.stringify(frame));
  }
}
