import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type AllowedHosts,
  type Authenticator,
  type Cidr,
  type CredentialChanges,
  type Credentials,
  clientBucket,
  hostRefused,
  isAllowedHost,
  isSameOrigin,
  isStoreUnavailable,
  type RequestFacts,
  resolveClientAddress,
} from '@bosun/api';
import type { Hub } from '@bosun/hub';
import { AGENT_SOCKET_PATH, KeyedSlots, LOGS_SOCKET_PATH, ProtocolError } from '@bosun/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ServerLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
import { Keepalive } from './keepalive.ts';
import { PendingAgentSockets } from './pending-agent-sockets.ts';
import { rejectUpgrade } from './reject-upgrade.ts';
import { attachHandler, wsConnection } from './ws-connection.ts';

/**
 * What the socket endpoints need: the hub they hand sockets to, how viewers are authenticated,
 * the notice that a credential was withdrawn (its sockets are checked again at once), and limits.
 */
export type SocketEndpointsDeps = {
  hub: Hub;
  authenticator: Authenticator;
  credentialChanges: CredentialChanges;
  limits: ServerLimits;
  logger: Logger;
  publicUrl: string | undefined;
  /** Proxies whose X-Forwarded-For names the client (`--trusted-proxy`). */
  trustedProxies: readonly Cidr[];
  /** Host names answered besides IP literals and loopback (the API's own rule). */
  allowedHosts: AllowedHosts;
};

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function factsOf(req: IncomingMessage): RequestFacts {
  return {
    host: header(req, 'host'),
    encrypted: (req.socket as { encrypted?: boolean }).encrypted === true,
    forwardedProto: header(req, 'x-forwarded-proto'),
  };
}

function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://manager').pathname;
  } catch {
    return undefined;
  }
}

/**
 * The two WebSocket endpoints, taking over the HTTP server's `upgrade` event: /ws/agent (no HTTP
 * auth, the hello authenticates) and /ws/logs (a logged-in user). Frames may be up to twice the
 * protocol's limit: between the two, the hub's decode answers `too_large` and the socket lives
 * on; only past twice the limit does ws itself close it (1009), so a peer cannot make the
 * manager buffer without bound.
 *
 * The two endpoints count against separate bounds, so neither can starve the other: agent
 * sockets awaiting their hello take pending slots (per client address and in all), log sockets
 * take viewer slots (per user and in all), taken once the user is known.
 */
export class SocketEndpoints {
  readonly #deps: SocketEndpointsDeps;
  readonly #agents: WebSocketServer;
  readonly #viewers: WebSocketServer;
  readonly #pending: PendingAgentSockets;
  readonly #viewerSlots: KeyedSlots;
  readonly #keepalive: Keepalive;
  readonly #unwatchCredentials: () => void;
  #closing = false;

  constructor(deps: SocketEndpointsDeps) {
    this.#deps = deps;
    const options = {
      noServer: true,
      maxPayload: deps.limits.maxSocketPayloadBytes,
      perMessageDeflate: false,
    };
    this.#agents = new WebSocketServer(options);
    this.#viewers = new WebSocketServer(options);
    this.#pending = new PendingAgentSockets(
      deps.limits.maxPendingAgentSocketsPerIp,
      deps.limits.maxPendingAgentSockets,
    );
    this.#viewerSlots = new KeyedSlots(deps.limits.maxViewerSocketsPerUser, deps.limits.maxViewerSockets);
    this.#keepalive = new Keepalive(deps.limits.viewerPingMs, deps.logger);
    this.#unwatchCredentials = deps.credentialChanges.subscribe(() => this.#keepalive.recheckAll());
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client resetting mid-handshake must not become an uncaught error.
    socket.on('error', () => {});
    const path = pathOf(req);
    // Node fills in no Host for a client that sent none; such a client is no browser a rebound
    // name could steer, so only a Host that is there is judged.
    const host = header(req, 'host');
    if (this.#closing) {
      rejectUpgrade(socket, 'agent_offline', 'the manager is shutting down');
    } else if (host !== undefined && !isAllowedHost(host, this.#deps.allowedHosts)) {
      const refusal = hostRefused(host);
      rejectUpgrade(socket, refusal.code, refusal.message);
    } else if (header(req, 'upgrade')?.toLowerCase() !== 'websocket') {
      rejectUpgrade(socket, 'invalid_data', 'only WebSocket upgrades are served');
    } else if (path === AGENT_SOCKET_PATH) {
      this.#agent(req, socket, head);
    } else if (path === LOGS_SOCKET_PATH) {
      this.#viewer(req, socket, head).catch((error: unknown) => {
        this.#deps.logger.error({ err: error }, 'viewer upgrade failed');
        rejectUpgrade(socket, 'internal', 'internal error');
      });
    } else {
      rejectUpgrade(socket, 'not_found', `no WebSocket endpoint ${path ?? ''}`);
    }
  };

  /** Refuses new sockets, then ends those the hub has not closed after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    this.#unwatchCredentials();
    this.#keepalive.stop();
    const open = () => this.#agents.clients.size + this.#viewers.clients.size;
    const deadline = Date.now() + graceMs;
    while (open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const ws of [...this.#agents.clients, ...this.#viewers.clients]) ws.terminate();
    await Promise.all([
      new Promise<void>((resolve) => this.#agents.close(() => resolve())),
      new Promise<void>((resolve) => this.#viewers.close(() => resolve())),
    ]);
  }

  #agent(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const peer = req.socket.remoteAddress ?? 'unknown';
    const client = resolveClientAddress(peer, header(req, 'x-forwarded-for'), this.#deps.trustedProxies);
    const release = this.#pending.tryAcquire(clientBucket(client));
    if (!release) {
      rejectUpgrade(socket, 'rate_limited', 'too many agent connections waiting to say hello');
      return;
    }
    socket.once('close', release);
    this.#agents.handleUpgrade(req, socket, head, (ws) => {
      // The hub sends an unauthenticated socket nothing but the answer to its hello, so the
      // first frame out means the hello was answered: the socket no longer waits.
      const conn = wsConnection(ws, 'agent', release, req.socket.remoteAddress);
      attachHandler(ws, conn, this.#deps.hub.agentConnected(conn), this.#deps.logger);
    });
  }

  async #viewer(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Checked before authenticating too, so a full manager spends nothing on the credentials.
    if (this.#viewerSlots.full) return this.#refuseViewer(socket);
    const credentials: Credentials = {
      authorization: header(req, 'authorization'),
      cookie: header(req, 'cookie'),
    };
    // A browser sends its cookie with a cross-site WebSocket too (SameSite aside, not every
    // browser applies it to upgrades), so cookie upgrades must come from our own pages.
    if (credentials.authorization === undefined) {
      if (!isSameOrigin(header(req, 'origin'), factsOf(req), this.#deps.publicUrl)) {
        return rejectUpgrade(socket, 'forbidden', 'cross-origin WebSocket refused');
      }
    }
    let auth: Awaited<ReturnType<Authenticator['authenticate']>>;
    try {
      auth = await this.#deps.authenticator.authenticate(credentials);
    } catch (error) {
      // A failing store answers 503: who is asking is unknown, not refused.
      if (isStoreUnavailable(error))
        return rejectUpgrade(socket, 'store_unavailable', (error as Error).message);
      if (!(error instanceof ProtocolError) || error.code !== 'unauthorized') throw error;
      return rejectUpgrade(socket, 'unauthorized', error.message);
    }
    if (!auth) return rejectUpgrade(socket, 'unauthorized', 'not logged in, or the session has expired');
    if (socket.destroyed || this.#closing) return;
    const principal = auth.principal;
    const release = this.#viewerSlots.tryAcquire(principal.userId);
    if (!release) return this.#refuseViewer(socket);
    socket.once('close', release);
    this.#viewers.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const conn = wsConnection(ws, 'viewer');
      const handler = this.#deps.hub.viewerConnected(conn, principal);
      attachHandler(ws, conn, handler, this.#deps.logger);
      // Each check also hands the hub the user's rights as they are now: subscriptions to a host
      // no longer granted end at once (see the hub's ViewerSession).
      this.#keepalive.watch(ws, async () => {
        const again = await this.#deps.authenticator.authenticate(credentials);
        if (again === undefined || again.principal.userId !== principal.userId) return false;
        handler.reauthorized(again.principal);
        return true;
      });
    });
  }

  #refuseViewer(socket: Duplex): void {
    const { maxViewerSocketsPerUser } = this.#deps.limits;
    rejectUpgrade(
      socket,
      'rate_limited',
      this.#viewerSlots.full
        ? 'too many log sockets open; try again later'
        : `at most ${maxViewerSocketsPerUser} log sockets at once per user; close some first`,
    );
  }
}
