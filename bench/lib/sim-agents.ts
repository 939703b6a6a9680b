import { randomBytes } from 'node:crypto';
import { Backoff, DEFAULT_BACKOFF } from '@bosun/agent';
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

// Simulated agents in a process of their own (forked by sim-fleet.ts), so the manager's memory
// and CPU are its own. Each speaks the agent protocol as `bosun agent` does: agent.hello with a
// join token (then the credential it was given), docker.status right after the welcome, a
// heartbeat (ping + agent.heartbeat) at the interval the manager asked for, answers to
// container.list with its containers, and reconnects with the agent's own backoff (250 ms doubling
// to 30 s, jittered). What it leaves out: Docker, log streams, events.
//
// Each agent dials from its own loopback address (127.1.x.y), as agents of a real fleet come
// from hosts of their own: the manager bounds pending sockets per address (16), which would
// otherwise make 1,000 agents on one address queue behind each other.
//
// IPC in: {type:'start', spec: SimSpec}, {type:'stats'}; out: {type:'stats', stats: SimStats}.

export type SimSpec = { url: string; joinTokens: string[]; containersPerAgent: number };

export type SimStats = {
  agents: number;
  online: number;
  /** Welcomes and container.list answers, in all since start. */
  welcomes: number;
  lists: number;
  /** Upgrades the manager refused (HTTP status), e.g. 429 while too many sockets await hello. */
  refusedUpgrades: number;
  /** Sockets that closed or failed before a welcome. */
  failedAttempts: number;
  fatal: number;
};

const stats: SimStats = {
  agents: 0,
  online: 0,
  welcomes: 0,
  lists: 0,
  refusedUpgrades: 0,
  failedAttempts: 0,
  fatal: 0,
};

function containersOf(agent: number, count: number): ContainerSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomBytes(32).toString('hex'),
    name: `sim-${agent}-app-${i}`,
    image: 'registry.example.com/team/app:1.2.3',
    state: i % 5 === 0 ? ('exited' as const) : ('running' as const),
    status: i % 5 === 0 ? 'Exited (0) 2 hours ago' : 'Up 3 days',
    createdAt: 1_795_000_000 + i,
    ports: [{ privatePort: 8080, publicPort: 18080 + i, ip: '0.0.0.0', type: 'tcp' as const }],
    labels: { 'com.docker.compose.project': `sim-${agent}`, 'com.docker.compose.service': `app-${i}` },
  }));
}

class SimAgent {
  readonly #url: string;
  readonly #localAddress: string;
  readonly #hostname: string;
  readonly #containers: ContainerSummary[];
  readonly #backoff = new Backoff(DEFAULT_BACKOFF);
  #joinToken: string | undefined;
  #credential: string | undefined;
  #online = false;
  #stopped = false;
  #ws: WebSocket | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(index: number, spec: SimSpec) {
    this.#url = `${spec.url.replace(/^http/, 'ws')}${AGENT_SOCKET_PATH}`;
    this.#localAddress = `127.1.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
    this.#hostname = `sim-${index}`;
    this.#joinToken = spec.joinTokens[index];
    this.#containers = containersOf(index, spec.containersPerAgent);
  }

  connect(): void {
    if (this.#stopped) return;
    const ws = new WebSocket(this.#url, {
      localAddress: this.#localAddress,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.#ws = ws;
    let helloInbox: string | undefined;
    let welcomed = false;
    ws.on('open', () => {
      helloInbox = newInbox();
      ws.send(encodeRequest('agent.hello', this.#hello(), helloInbox));
    });
    ws.on('unexpected-response', (_req, res) => {
      stats.refusedUpgrades += 1;
      res.resume();
      ws.terminate();
    });
    ws.on('message', (raw: Buffer) => {
      const decoded = decode(raw);
      if (!decoded.ok) return;
      const frame = decoded.frame as { subject: string; reply?: string; data: unknown };
      if (!welcomed) {
        if (frame.subject !== helloInbox) return;
        const reply = frame.data as { ok: boolean; result?: unknown; error?: { code: string } };
        if (!reply.ok) {
          if (reply.error?.code === 'unauthorized') {
            stats.fatal += 1;
            this.#stopped = true;
          }
          ws.terminate();
          return;
        }
        welcomed = true;
        this.#welcomed(ws, reply.result as { credential?: string; heartbeatSeconds: number });
        return;
      }
      if (frame.reply === undefined) return;
      if (frame.subject === 'container.list') {
        ws.send(encodeReply(frame.reply, { containers: this.#containers }));
        stats.lists += 1;
      } else {
        ws.send(
          encodeErrorReply(frame.reply, new ProtocolError('not_found', 'a simulated agent has no Docker')),
        );
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      clearInterval(this.#heartbeat);
      if (this.#online) stats.online -= 1;
      else stats.failedAttempts += 1;
      this.#online = false;
      if (!this.#stopped) setTimeout(() => this.connect(), this.#backoff.next());
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#ws?.terminate();
  }

  #hello(): DataOf<'agent.hello'> {
    return {
      protocol: PROTOCOL_VERSION,
      agentVersion: 'bench-sim',
      host: {
        hostname: this.#hostname,
        os: 'linux',
        arch: 'x64',
        cpus: 4,
        memoryBytes: 8 * 2 ** 30,
        dockerVersion: '20.10.24',
        dockerApiVersion: '1.41',
      },
      auth: this.#credential ? { credential: this.#credential } : { joinToken: this.#joinToken! },
    };
  }

  #welcomed(ws: WebSocket, result: { credential?: string; heartbeatSeconds: number }): void {
    if (result.credential) {
      this.#credential = result.credential;
      this.#joinToken = undefined;
    }
    this.#online = true;
    this.#backoff.reset();
    stats.online += 1;
    stats.welcomes += 1;
    ws.send(encodePush('docker.status', { available: true, version: '20.10.24', apiVersion: '1.41' }));
    this.#heartbeat = setInterval(() => {
      ws.ping();
      ws.send(encodePush('agent.heartbeat', { at: Date.now() }));
    }, result.heartbeatSeconds * 1000);
  }
}

const agents: SimAgent[] = [];
// A bench that died must not leave 1,000 agents dialling.
process.on('disconnect', () => process.exit(1));
process.on('message', (m: { type: string; spec?: SimSpec }) => {
  if (m.type === 'start') {
    const spec = m.spec!;
    for (let i = 0; i < spec.joinTokens.length; i++) agents.push(new SimAgent(i, spec));
    stats.agents = agents.length;
    // All at once, as a fleet whose manager just came up: the manager's limits pace them.
    for (const agent of agents) agent.connect();
  } else if (m.type === 'stats') {
    process.send!({ type: 'stats', stats });
  } else if (m.type === 'stop') {
    for (const agent of agents) agent.stop();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  }
});
