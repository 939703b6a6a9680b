import {
  type AllowedHosts,
  type Authenticator,
  type CredentialChanges,
  type CredentialKey,
  type Credentials,
  clientBucket,
  hostRefused,
  isAllowedHost,
  isSameOrigin,
  isStoreUnavailable,
  type Logger,
  type RequestFacts,
} from '@bosun/api';
import type {
  AgentMemo,
  Clock,
  ConnectionHandler,
  ConnectionMemo,
  Hub,
  Principal,
  TimerHandle,
  ViewerMemo,
} from '@bosun/hub';
import { AGENT_SOCKET_PATH, CLOSE_CODES, KeyedSlots, LOGS_SOCKET_PATH, ProtocolError } from '@bosun/protocol';
import type { DurableObjectState, WebSocket, WebSocketPair } from '../workers-types.ts';
import { doConnection } from './do-connection.ts';
import { refusal } from './refusal.ts';
import type { SocketLimits } from './socket-limits.ts';

/** What the object's socket endpoints need: the hub, how viewers are authenticated, bounds. */
export type SocketEndpointsDeps = {
  ctx: DurableObjectState;
  hub: Hub;
  clock: Clock;
  authenticator: Authenticator;
  credentialChanges: CredentialChanges;
  limits: SocketLimits;
  logger: Logger;
  publicUrl: string | undefined;
  allowedHosts: AllowedHosts;
};

/** The tag each accepted socket carries, so a woken object tells agents from viewers. */
export type SocketKind = 'agent' | 'viewer';

/**
 * What each socket's attachment holds (at most 16 KiB, kept by the runtime through
 * hibernation): what the hub told the adapter to remember, and the adapter's own facts. A viewer
 * keeps its credential's hash, never the credential.
 */
type Attachment =
  | { kind: 'agent'; address?: string; memo?: AgentMemo }
  | { kind: 'viewer'; userId: string; key: CredentialKey; memo?: ViewerMemo };

type Viewer = {
  handler: ReturnType<Hub['viewerConnected']>;
  key: CredentialKey;
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
  #recheckTimer: TimerHandle | undefined;

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
    // One check per credential, however many sockets share it (a browser's tabs, a bench's
    // hundred viewers of one token): each check is a few store reads.
    const checks = new Map<string, Promise<Principal | undefined>>();
    for (const [ws, accepted] of [...this.#sockets]) {
      const viewer = accepted.viewer;
      if (!viewer) continue;
      const id = `${viewer.key.via}:${viewer.key.hash}`;
      let check = checks.get(id);
      if (!check) {
        check = this.#deps.authenticator.authenticateKey(viewer.key).catch(() => undefined);
        checks.set(id, check);
      }
      const again = await check;
      if (again === undefined || again.userId !== viewer.userId) {
        ws.close(CLOSE_CODES.unauthorized, 'session ended');
        continue;
      }
      viewer.handler.reauthorized(again);
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
    const attachment: Attachment = { kind: 'agent', ...(address === undefined ? {} : { address }) };
    server.serializeAttachment(attachment);
    // The hub sends an unauthenticated socket nothing but the answer to its hello, so the first
    // frame out means the hello was answered: the socket no longer waits.
    let released = false;
    const once = () => {
      if (released) return;
      released = true;
      release();
    };
    const conn = doConnection(
      server,
      'agent',
      address,
      this.#memory(server, attachment),
      once,
      this.#heardAt(server),
    );
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
    const key = await this.#deps.authenticator.keyOf(auth, credentials);
    if (!key) return refusal('unauthorized', 'not logged in, or the session has expired');
    const release = this.#viewerSlots.tryAcquire(principal.userId);
    if (!release) return this.#refuseViewer();
    const { client, server } = this.#accept('viewer');
    const attachment: Attachment = { kind: 'viewer', userId: principal.userId, key };
    server.serializeAttachment(attachment);
    const conn = doConnection(server, 'viewer', undefined, this.#memory(server, attachment));
    const handler = this.#deps.hub.viewerConnected(conn, principal);
    this.#sockets.set(server, { handler, viewer: { handler, key, userId: principal.userId, release } });
    this.#armRecheck();
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  /**
   * Takes over the sockets the runtime kept while the object slept: agents welcomed again from
   * their memo (an agent that had not said hello yet is closed, and dials again), viewers
   * authenticated again from their credential's hash and their subscriptions resumed. Runs
   * before the object takes any request or frame.
   */
  async resume(sockets: readonly WebSocket[]): Promise<{ agents: number; viewers: number }> {
    let agents = 0;
    let viewers = 0;
    // Agents first: a viewer's topic finds its agent online and asks it for the stream at once,
    // where the other order would tell the viewer "agent offline" for a moment.
    const kindOf = (ws: WebSocket) => (ws.deserializeAttachment() as Attachment | null)?.kind;
    const ordered = [...sockets].sort(
      (a, b) => Number(kindOf(a) === 'viewer') - Number(kindOf(b) === 'viewer'),
    );
    for (const ws of ordered) {
      const attachment = ws.deserializeAttachment() as Attachment | null;
      try {
        if (attachment?.kind === 'agent' && attachment.memo) {
          await this.#resumeAgent(ws, attachment, attachment.memo);
          agents += 1;
        } else if (attachment?.kind === 'viewer') {
          if (await this.#resumeViewer(ws, attachment)) viewers += 1;
        } else ws.close(CLOSE_CODES.timeout, 'no hello in time');
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'could not take a socket over after a restart');
        ws.close(CLOSE_CODES.internal, 'internal error');
      }
    }
    return { agents, viewers };
  }

  async #resumeAgent(ws: WebSocket, attachment: Attachment, memo: AgentMemo): Promise<void> {
    const address = attachment.kind === 'agent' ? attachment.address : undefined;
    const heard = this.#heardAt(ws);
    const conn = doConnection(ws, 'agent', address, this.#memory(ws, attachment), undefined, heard);
    // Beats the runtime answered while the object slept are when the agent was last heard.
    this.#sockets.set(ws, { handler: await this.#deps.hub.resumeAgent(conn, memo, heard() ?? Date.now()) });
  }

  async #resumeViewer(ws: WebSocket, attachment: Extract<Attachment, { kind: 'viewer' }>): Promise<boolean> {
    const principal: Principal | undefined = await this.#deps.authenticator.authenticateKey(attachment.key);
    if (!principal || principal.userId !== attachment.userId) {
      ws.close(CLOSE_CODES.unauthorized, 'session ended');
      return false;
    }
    const release = this.#viewerSlots.tryAcquire(principal.userId);
    if (!release) {
      ws.close(CLOSE_CODES.goingAway, 'too many log sockets open; try again later');
      return false;
    }
    const conn = doConnection(ws, 'viewer', undefined, this.#memory(ws, attachment));
    const handler = await this.#deps.hub.resumeViewer(
      conn,
      principal,
      attachment.memo ?? { kind: 'viewer', subs: [] },
    );
    this.#sockets.set(ws, {
      handler,
      viewer: { handler, key: attachment.key, userId: principal.userId, release },
    });
    return true;
  }

  // One timer while any viewer is connected; a woken object arms it again as it resumes them.
  #armRecheck(): void {
    if (this.#recheckTimer !== undefined) return;
    this.#recheckTimer = this.#deps.clock.setTimeout(() => {
      this.#recheckTimer = undefined;
      this.recheckViewers()
        .catch((error: unknown) =>
          this.#deps.logger.error({ err: error }, 'could not check the viewers’ credentials again'),
        )
        .finally(() => {
          if ([...this.#sockets.values()].some((accepted) => accepted.viewer)) this.#armRecheck();
        });
    }, this.#deps.limits.viewerRecheckMs);
  }

  // When the runtime last answered the agent's fixed beat by itself.
  #heardAt(ws: WebSocket): () => number | undefined {
    return () => this.#deps.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime();
  }

  // The hub's memo goes into the socket's attachment beside the adapter's own fields.
  #memory(ws: WebSocket, attachment: Attachment): (memo: ConnectionMemo) => void {
    return (memo) => {
      ws.serializeAttachment({ ...attachment, memo });
    };
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
