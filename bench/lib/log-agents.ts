import { randomBytes } from 'node:crypto';
import {
  AGENT_SOCKET_PATH,
  type ContainerSummary,
  type DataOf,
  decode,
  encodeErrorReply,
  encodePush,
  encodeReply,
  encodeRequest,
  newInbox,
  PROTOCOL_VERSION,
  ProtocolError,
} from '@bosun/protocol';
import WebSocket from 'ws';

// Simulated agents that stream logs (a process of their own, forked by the stalled-viewers
// scenario), so the manager's memory and CPU are its own. Each joins with its token, lists its
// containers, and for every `log.stream.start` streams lines of that container at `linesPerSecond`
// in a batch every TICK_MS until `log.stream.stop`. A line's text is "<seq> <µs when its batch
// was sent> <padding>", so viewers measure latency from the moment the manager could first have
// it. No Docker: what is measured is the manager between agents and viewers.
//
// IPC in: {type:'start', spec: LogAgentsSpec}, {type:'stats'}, {type:'stop'}; out: {type:'stats'}.

export type LogAgentsSpec = {
  url: string;
  joinTokens: string[];
  containersPerAgent: number;
  linesPerSecond: number;
  textBytes: number;
};

export type LogAgentsStats = { online: number; streams: number; linesSent: number };

const TICK_MS = 50;
const stats: LogAgentsStats = { online: 0, streams: 0, linesSent: 0 };

/** The full container ids agent `index` serves, the same in this process and the scenario's. */
export function containerIdsOf(index: number, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${index.toString(16).padStart(8, '0')}${i.toString(16).padStart(56, '0')}`,
  );
}

function summaryOf(id: string, i: number): ContainerSummary {
  return {
    id,
    name: `app-${i}`,
    image: 'app:1',
    state: 'running',
    status: 'Up 1 hour',
    createdAt: 1_795_000_000,
    ports: [],
    labels: {},
  };
}

class LogAgent {
  readonly #spec: LogAgentsSpec;
  readonly #index: number;
  readonly #containers: ContainerSummary[];
  readonly #streams = new Map<string, { nextSeq: number; owed: number }>();
  readonly #padding: string;
  #ws: WebSocket | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(index: number, spec: LogAgentsSpec) {
    this.#spec = spec;
    this.#index = index;
    this.#containers = containerIdsOf(index, spec.containersPerAgent).map(summaryOf);
    this.#padding = randomBytes(spec.textBytes)
      .toString('base64')
      .slice(0, spec.textBytes - 30);
  }

  connect(): void {
    const ws = new WebSocket(`${this.#spec.url.replace(/^http/, 'ws')}${AGENT_SOCKET_PATH}`, {
      localAddress: `127.2.${1 + Math.floor(this.#index / 250)}.${1 + (this.#index % 250)}`,
      perMessageDeflate: false,
    });
    this.#ws = ws;
    const helloInbox = newInbox();
    let welcomed = false;
    ws.on('open', () => ws.send(encodeRequest('agent.hello', this.#hello(), helloInbox)));
    ws.on('error', () => {});
    ws.on('close', () => {
      clearInterval(this.#timer);
      if (welcomed) stats.online -= 1;
      stats.streams -= this.#streams.size;
      this.#streams.clear();
    });
    ws.on('message', (raw: Buffer) => {
      const decoded = decode(raw);
      if (!decoded.ok) return;
      const frame = decoded.frame as { subject: string; reply?: string; data: unknown };
      if (!welcomed) {
        if (frame.subject !== helloInbox) return;
        welcomed = (frame.data as { ok: boolean }).ok;
        if (!welcomed) return void ws.terminate();
        stats.online += 1;
        ws.send(encodePush('docker.status', { available: true, version: '27.0.0', apiVersion: '1.46' }));
        this.#timer = setInterval(() => this.#tick(), TICK_MS);
        return;
      }
      if (frame.reply !== undefined) this.#answer(ws, frame.subject, frame.reply, frame.data);
    });
  }

  stop(): void {
    this.#ws?.terminate();
  }

  #answer(ws: WebSocket, subject: string, reply: string, data: unknown): void {
    ws.send(this.#reply(subject, reply, data));
  }

  #reply(subject: string, reply: string, data: unknown): string {
    if (subject === 'container.list') return encodeReply(reply, { containers: this.#containers });
    if (subject === 'log.stream.start') {
      const start = data as DataOf<'log.stream.start'>;
      const nextSeq = start.resume ? start.resume.seq + 1 : (start.nextSeq ?? 0);
      if (!this.#streams.has(start.container)) stats.streams += 1;
      this.#streams.set(start.container, { nextSeq, owed: 0 });
      return encodeReply(reply, { container: start.container, nextSeq, tty: false });
    }
    if (subject === 'log.stream.stop') {
      const { container } = data as DataOf<'log.stream.stop'>;
      if (this.#streams.delete(container)) stats.streams -= 1;
      return encodeReply(reply, { container });
    }
    return encodeErrorReply(reply, new ProtocolError('not_found', 'a simulated agent has no Docker'));
  }

  #tick(): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    const ts = `${new Date(now).toISOString().slice(0, 19)}.${String(now % 1000).padStart(3, '0')}000000Z`;
    const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
    for (const [container, stream] of this.#streams) {
      stream.owed += (this.#spec.linesPerSecond * TICK_MS) / 1000;
      const count = Math.floor(stream.owed);
      stream.owed -= count;
      if (count === 0) continue;
      const entries = Array.from({ length: count }, () => ({
        kind: 'line' as const,
        seq: stream.nextSeq++,
        ts,
        stream: 'stdout' as const,
        text: `${stream.nextSeq - 1} ${micros} ${this.#padding}`,
      }));
      ws.send(encodePush('log.batch', { container, entries }));
      stats.linesSent += count;
    }
  }

  #hello(): DataOf<'agent.hello'> {
    return {
      protocol: PROTOCOL_VERSION,
      agentVersion: 'bench-log-agent',
      host: {
        hostname: `log-agent-${this.#index}`,
        os: 'linux',
        arch: 'x64',
        cpus: 4,
        memoryBytes: 8 * 2 ** 30,
        dockerVersion: '27.0.0',
        dockerApiVersion: '1.46',
      },
      auth: { joinToken: this.#spec.joinTokens[this.#index]! },
    };
  }
}

const agents: LogAgent[] = [];
// A bench that died must not leave agents streaming.
process.on('disconnect', () => process.exit(1));
process.on('message', (m: { type: string; spec?: LogAgentsSpec }) => {
  if (m.type === 'start') {
    const spec = m.spec!;
    for (let i = 0; i < spec.joinTokens.length; i++) agents.push(new LogAgent(i, spec));
    for (const agent of agents) agent.connect();
  } else if (m.type === 'stats') {
    process.send!({ type: 'stats', stats });
  } else if (m.type === 'stop') {
    for (const agent of agents) agent.stop();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  }
});
