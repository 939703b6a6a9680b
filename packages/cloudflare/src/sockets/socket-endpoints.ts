import {
  type AllowedHosts,
  type Authenticator,
  type CredentialChanges,
  type Credentials,
  clientBucket,
  hostRefused,
  isAllowedHost,
  isSameOrigin,
  isStoreUnavailable,
  type Logger,
  type RequestFacts,
} from '@bosun/api';
import type { ConnectionHandler, Hub } from '@bosun/hub';
import { AGENT_SOCKET_PATH, KeyedSlots, LOGS_SOCKET_PATH, ProtocolError } from '@bosun/protocol';
import type { DurableObjectState, WebSocket, WebSocketPair } from '../workers-types.ts';
import { doConnection } from './do-connection.ts';
import { refusal } from './refusal.ts';
import type { SocketLimits } from './socket-limits.ts';

/** What the object's socket endpoints need: the hub, how viewers are authenticated, bounds. */
export type SocketEndpointsDeps = {
  ctx: DurableObjectState;
  hub: Hub;
  authenticator: Authenticator;
  credentialChanges: CredentialChanges;
  limits: SocketLimits;
  logger: Logger;
  publicUrl: string | undefined;
  allowedHosts: AllowedHosts;
};

/** The tag each accepted socket carries, so a woken object tells agents from viewers. */
export type SocketKind = 'agent' | 'viewer';

type Viewer = {
  handler: ReturnType<Hub['viewerConnected']>;
  credentials: Credentials;
  userId: string;
  release: () => void;
};

type Accepted = { handler: ConnectionHandler; release?: () => void; viewer?: Viewer };

/**
 * /ws/agent (the hello authenticates) and /ws/logs (a logged-in user) on the object, accepted
 * through the hibernation API so idle sockets cost the object nothing. The same checks as the
 * Node manager's endpoints, in the same order: Host, upgrade header, then per endpoint the
 * pending-agent and viewer bounds, the Origin of cookie-authenticated viewers, the credentials.
 */
export class SocketEndpoints {
  readonly #deps: SocketEndpointsDeps;
  readonly #pending: KeyedSlots;
  readonly #viewerSlots: KeyedSlots;
  readonly #sockets = new Map<WebSocket, Accepted>();

  constructor(deps: SocketEndpointsDeps) {
    this.#deps = deps;
    this.#pending = new KeyedSlots(
      deps.limits.maxPendingAgentSocketsPerIp,
      deps.limits.maxPendingAgentSockets,
    );
    this.#viewerSlots = new KeyedSlots(deps.limits.maxViewerSocketsPerUser, deps.limits.maxViewerSockets);
    deps.credentialChanges.subscribe(() => {
      this.recheckViewers().catch((error: unknown) =>
        deps.logger.error({ err: error }, 'could not check the viewers’ credentials again'),
      );
    });
  }

  /** True for the paths these endpoints own. */
  static owns(path: string): boolean {
    return path === AGENT_SOCKET_PATH || path === LOGS_SOCKET_PATH;
  }

  /** Answers an upgrade request to one of the two paths. */
  async upgrade(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const host = request.headers.get('host') ?? url.host;
    if (!isAllowedHost(host, this.#deps.allowedHosts)) {
      const refused = hostRefused(host);
      return refusal(refused.code, refused.message);
    }
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return refusal('invalid_data', 'only WebSocket upgrades are served');
    }
    if (url.pathname === AGENT_SOCKET_PATH) return this.#agent(request);
    return this.#viewer(request, url, host);
  }

  /** Feeds a frame to the socket's handler. */
  message(ws: WebSocket, data: string | ArrayBuffer): void {
    const accepted = this.#sockets.get(ws);
    if (!accepted) return;
    try {
      accepted.handler.onMessage(typeof data === 'string' ? data : new Uint8Array(data));
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'socket handler failed');
    }
  }

  /** The socket is gone: its handler hears it once, its slots are freed. */
  closed(ws: WebSocket): void {
    const accepted = this.#sockets.get(ws);
    if (!accepted) return;
    this.#sockets.delete(ws);
    accepted.release?.();
    accepted.viewer?.release();
    accepted.handler.onClose();
  }

  /**
   * Checks every viewer's credentials again and hands the hub the user's rights as they are
   * now; a viewer whose session or token was withdrawn is closed with 4401 by the hub.
   */
  async recheckViewers(): Promise<void> {
    for (const [ws, accepted] of [...this.#sockets]) {
      const viewer = accepted.viewer;
      if (!viewer) continue;
      const again = await this.#deps.authenticator.authenticate(viewer.credentials).catch(() => undefined);
      if (again === undefined || again.principal.userId !== viewer.userId) {
        ws.close(4401, 'session ended');
        continue;
      }
      viewer.handler.reauthorized(again.principal);
    }
  }

  #accept(kind: SocketKind): { client: WebSocket; server: WebSocket } {
    const Pair = (globalThis as unknown as { WebSocketPair: typeof WebSocketPair }).WebSocketPair;
    const pair = new Pair();
    const [client, server] = [pair[0], pair[1]];
    this.#deps.ctx.acceptWebSocket(server, [kind]);
    return { client, server };
  }

  #agent(request: Request): Response {
    const address = request.headers.get('cf-connecting-ip') ?? undefined;
    const release = this.#pending.tryAcquire(clientBucket(address ?? 'unknown'));
    if (!release) return refusal('rate_limited', 'too many agent connections waiting to say hello');
    const { client, server } = this.#accept('agent');
    // The hub sends an unauthenticated socket nothing but the answer to its hello, so the first
    // frame out means the hello was answered: the socket no longer waits.
    let released = false;
    const once = () => {
      if (released) return;
      released = true;
      release();
    };
    const conn = doConnection(server, 'agent', address, once);
    this.#sockets.set(server, { handler: this.#deps.hub.agentConnected(conn), release: once });
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  async #viewer(request: Request, url: URL, host: string): Promise<Response> {
    if (this.#viewerSlots.full) return this.#refuseViewer();
    const credentials: Credentials = {
      authorization: request.headers.get('authorization') ?? undefined,
      cookie: request.headers.get('cookie') ?? undefined,
    };
    if (credentials.authorization === undefined) {
      const facts: RequestFacts = {
        host,
        encrypted: url.protocol === 'https:',
        forwardedProto: request.headers.get('x-forwarded-proto') ?? undefined,
      };
      if (!isSameOrigin(request.headers.get('origin') ?? undefined, facts, this.#deps.publicUrl)) {
        return refusal('forbidden', 'cross-origin WebSocket refused');
      }
    }
    let auth: Awaited<ReturnType<Authenticator['authenticate']>>;
    try {
      auth = await this.#deps.authenticator.authenticate(credentials);
    } catch (error) {
      if (isStoreUnavailable(error)) return refusal('store_unavailable', (error as Error).message);
      if (!(error instanceof ProtocolError) || error.code !== 'unauthorized') throw error;
      return refusal('unauthorized', error.message);
    }
    if (!auth) return refusal('unauthorized', 'not logged in, or the session has expired');
    const principal = auth.principal;
    const release = this.#viewerSlots.tryAcquire(principal.userId);
    if (!release) return this.#refuseViewer();
    const { client, server } = this.#accept('viewer');
    const conn = doConnection(server, 'viewer', undefined);
    const handler = this.#deps.hub.viewerConnected(conn, principal);
    this.#sockets.set(server, {
      handler,
      viewer: { handler, credentials, userId: principal.userId, release },
    });
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  #refuseViewer(): Response {
    return refusal(
      'rate_limited',
      this.#viewerSlots.full
        ? 'too many log sockets open; try again later'
        : `at most ${this.#deps.limits.maxViewerSocketsPerUser} log sockets at once per user; close some first`,
    );
  }
}
