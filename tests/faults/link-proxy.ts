import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does with the agent's traffic: forward it, hold it, or cut it. */
export type LinkMode = 'pass' | 'stall' | 'drop';

type Pair = { client: Socket; upstream: Socket | undefined };

/**
 * A loopback TCP proxy between the agent and the manager that can fail the way networks do:
 * `stall` keeps every connection open and forwards nothing (a black-holed path, which only a
 * heartbeat notices), `drop` resets every connection and each new one at once, `heal` forwards
 * again. New connections follow the mode they arrive in.
 */
export class LinkProxy {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #pairs = new Set<Pair>();
  #mode: LinkMode = 'pass';

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
    server.on('connection', (client) => this.#accept(client));
  }

  /** A proxy on a free loopback port forwarding to `target` (an http URL's host and port). */
  static async start(target: string): Promise<LinkProxy> {
    const { hostname, port } = new URL(target);
    const server = createServer();
    const proxy = new LinkProxy(server, { host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The URL to give the agent instead of the manager's. */
  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  get mode(): LinkMode {
    return this.#mode;
  }

  /** Connections the proxy holds now. */
  get connections(): number {
    return this.#pairs.size;
  }

  /** Forwards nothing from now on; connections stay open. */
  stall(): void {
    this.#mode = 'stall';
    for (const pair of this.#pairs) hold(pair);
  }

  /** Resets every connection (both sides), and every new one as it comes. */
  drop(): void {
    this.#mode = 'drop';
    for (const pair of this.#pairs) this.#close(pair);
  }

  /** Forwards new connections again (those held by a stall were dropped or stay held). */
  heal(): void {
    this.#mode = 'pass';
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) this.#close(pair);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    const pair: Pair = { client, upstream: undefined };
    this.#pairs.add(pair);
    client.on('error', () => this.#ended(pair));
    client.on('close', () => this.#ended(pair));
    if (this.#mode === 'drop') {
      this.#close(pair);
      return;
    }
    if (this.#mode === 'stall') {
      client.pause();
      return;
    }
    const upstream = createConnection(this.#target);
    pair.upstream = upstream;
    upstream.on('error', () => this.#ended(pair));
    upstream.on('close', () => this.#ended(pair));
    client.pipe(upstream);
    upstream.pipe(client);
  }

  // On a stalled path one side's close never reaches the other: that side must find out itself.
  #ended(pair: Pair): void {
    if (this.#mode !== 'stall') this.#close(pair);
  }

  #close(pair: Pair): void {
    if (!this.#pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  }
}

// Whatever is in flight stays in the kernel's buffers and nothing more moves either way.
function hold(pair: Pair): void {
  const { client, upstream } = pair;
  if (upstream !== undefined) {
    client.unpipe(upstream);
    upstream.unpipe(client);
    upstream.pause();
  }
  client.pause();
}
