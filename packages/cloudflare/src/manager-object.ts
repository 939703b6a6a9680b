import {
  allowedHostPolicy,
  createApiDeps,
  createApiRoutes,
  DEFAULT_API_LIMITS,
  ensureFirstAdmin,
  parseAllowedHost,
  parseImageReference,
} from '@bosun/api';
import { DEFAULT_AUDIT_BOUNDS, Hub, withAuditBounds } from '@bosun/hub';
import { AGENT_BEAT_FRAME, MANAGER_BEAT_FRAME } from '@bosun/protocol';
import type { Env } from './env.ts';
import { openDoLogStore } from './log-store/index.ts';
import { OBJECT_STARTED } from './object-started.ts';
import { AlarmClock } from './runtime/alarm-clock.ts';
import { consoleLogger } from './runtime/console-logger.ts';
import { runHourlyChores } from './runtime/hourly-chores.ts';
import { parseHubOptionsBinding } from './runtime/hub-options-binding.ts';
import { pbkdf2PasswordHasher } from './runtime/pbkdf2-passwords.ts';
import { parseRetainBinding, retentionOf } from './runtime/retention-bindings.ts';
import { loadStorageManagerKey } from './runtime/storage-manager-key.ts';
import { workerRuntimeStats } from './runtime/worker-runtime-stats.ts';
import { SocketEndpoints } from './sockets/socket-endpoints.ts';
import { DEFAULT_SOCKET_LIMITS } from './sockets/socket-limits.ts';
import { applyD1Migrations, openD1Store } from './store/index.ts';
import type { DurableObjectState, WebSocket, WebSocketRequestResponsePair } from './workers-types.ts';

// An isolate has 128 MB for everything (code, the hub, the API, sockets' buffers): log traffic
// gets about a third, where the Node manager's default is 256 MiB.
const OBJECT_MEMORY_BUDGET_BYTES = 48 * 1024 * 1024;

// Paths the UI's single-page fallback must not answer: the API's, the sockets', and the files the
// Node manager hands out (`/download/…`, `/install.sh`), which the object does not have.
const NOT_THE_UI = ['/api', '/ws', '/download', '/install.sh'];

// Each frame to a viewer costs workerd about twice what it costs Node (bench: workerd-fan-out);
// gathering a stream's entries for 100 viewers into a frame every 20 ms instead of every 5 ms
// halved the object's CPU at 1,000 lines/s, for at most 20 ms more latency.
const OBJECT_FAN_OUT_FRAMES_PER_SECOND = 5_000;

type Started = {
  fetch: (request: Request) => Response | Promise<Response>;
  sockets: SocketEndpoints;
  hub: Hub;
  clock: AlarmClock;
};

/**
 * The manager on Cloudflare: one Durable Object running the hub and the HTTP API, with every
 * agent and viewer socket accepted through the hibernation API. D1 holds the hub's store; the
 * object's storage holds the manager's key and the retained logs. See ARCHITECTURE.md, "Cloudflare".
 */
export class ManagerObject {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  #started: Started | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
    // The agent's fixed beat is answered by the runtime, so an idle link does not wake the object.
    const Pair = (
      globalThis as unknown as { WebSocketRequestResponsePair: typeof WebSocketRequestResponsePair }
    ).WebSocketRequestResponsePair;
    ctx.setWebSocketAutoResponse(new Pair(AGENT_BEAT_FRAME, MANAGER_BEAT_FRAME));
    // Nothing else runs until the hub is in place, so no request or frame meets half an object.
    ctx.blockConcurrencyWhile(async () => {
      this.#started = await this.#start();
    });
  }

  async fetch(request: Request): Promise<Response> {
    const started = this.#started as Started;
    const url = new URL(request.url);
    if (SocketEndpoints.owns(url.pathname)) return started.sockets.upgrade(request);
    return started.fetch(request);
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    this.#started?.sockets.message(ws, message);
  }

  webSocketClose(ws: WebSocket, code: number, reason: string): void {
    // The close handshake is the object's to finish: without this answer the peer sees 1006.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed from this side.
    }
    this.#started?.sockets.closed(ws);
  }

  webSocketError(ws: WebSocket): void {
    this.#started?.sockets.closed(ws);
  }

  /** The storage alarm rang: the clock's long timers that are due run (see AlarmClock). */
  alarm(): void {
    this.#started?.clock.fire();
  }

  async #start(): Promise<Started> {
    const { env, ctx } = this;
    const logger = consoleLogger(env.BOSUN_LOG_LEVEL);
    const clock = new AlarmClock(ctx.storage, (error) => logger.error({ err: error }, 'a timer failed'));
    const passwords = pbkdf2PasswordHasher();
    await applyD1Migrations(env.DB);
    const d1 = openD1Store(env.DB);
    const store = withAuditBounds(d1, {
      clock,
      logger: logger.hub,
      bounds: DEFAULT_AUDIT_BOUNDS,
    });
    const managerKey = await loadStorageManagerKey(ctx.storage);
    const publicUrl = env.BOSUN_PUBLIC_URL?.trim() || undefined;
    const allowedHosts = allowedHostPolicy(
      publicUrl,
      (env.BOSUN_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => parseAllowedHost(name)),
    );
    // Retained containers' logs live in the object's own SQLite storage, beside nothing else.
    const logStore = openDoLogStore(ctx.storage.sql, ctx.storage, retentionOf(env.BOSUN_LOG_RETENTION_BYTES));
    const retain = parseRetainBinding(env.BOSUN_RETAIN);
    const hub = new Hub({
      store,
      clock,
      managerKey,
      logStore,
      options: {
        memoryBudgetBytes: OBJECT_MEMORY_BUDGET_BYTES,
        fanOutFramesPerSecond: OBJECT_FAN_OUT_FRAMES_PER_SECOND,
        ...(retain === undefined ? {} : { retain }),
        ...parseHubOptionsBinding(env.BOSUN_HUB_OPTIONS),
        logger: logger.hub,
      },
    });
    const deps = createApiDeps({
      hub,
      store,
      clock,
      logger,
      limits: DEFAULT_API_LIMITS,
      passwords,
      connectionOf: (c) => ({
        // Cloudflare's edge sets it and overwrites what a client sent.
        address: c.req.header('cf-connecting-ip') ?? 'unknown',
        encrypted: new URL(c.req.url).protocol === 'https:',
        drop: () => false,
      }),
      publicUrl,
      storeHealth: d1.health,
      runtime: workerRuntimeStats(() => clock.now()),
      metricsToken: env.BOSUN_METRICS_TOKEN || undefined,
      allowedHosts,
      logStore,
      // The object hands no files out: a host's join line pulls the image from its registry.
      ...(env.BOSUN_AGENT_IMAGE
        ? {
            agentImage: {
              name: parseImageReference(env.BOSUN_AGENT_IMAGE, 'BOSUN_AGENT_IMAGE'),
              served: async () => false,
            },
          }
        : {}),
    });
    const assets = env.ASSETS;
    const app = createApiRoutes(deps, {
      // The API's own paths never fall through to the UI; any other path the assets lack is the
      // UI's own route, answered with index.html (the binding's single-page-application mode).
      assets: assets
        ? async (c, next) => {
            const path = c.req.path;
            if (NOT_THE_UI.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next();
            const answer = (await assets.fetch(c.req.raw as never)) as unknown as Response;
            if (answer.status === 404) return next();
            // The binding's headers are immutable; the API's middleware adds its own.
            return new Response(answer.body, answer);
          }
        : undefined,
    });
    // A password the object made up itself could be shown to nobody (a Worker has no terminal, and
    // its logs are kept), so without BOSUN_ADMIN_PASSWORD the first admin waits for one.
    if (env.BOSUN_ADMIN_PASSWORD) {
      await ensureFirstAdmin({ store, clock, logger, passwords }, env.BOSUN_ADMIN_PASSWORD);
    } else if ((await store.users.count()) === 0) {
      logger.warn({}, 'no users yet: set the secret BOSUN_ADMIN_PASSWORD (npm run deploy:cloudflare does)');
    }
    const sockets = new SocketEndpoints({
      ctx,
      hub,
      clock,
      authenticator: deps.authenticator,
      credentialChanges: deps.credentialChanges,
      limits: DEFAULT_SOCKET_LIMITS,
      logger,
      publicUrl,
      allowedHosts,
    });
    await runHourlyChores(
      ctx.storage,
      clock.now(),
      [() => deps.sessions.sweep(), () => store.audit.pruneNow()],
      (error) => logger.warn({ err: error }, 'housekeeping failed; it runs again at a later start'),
    );
    // Sockets the runtime kept while the object slept (or was evicted) go on where they were.
    const resumed = await sockets.resume(ctx.getWebSockets());
    logger.info(resumed, OBJECT_STARTED);
    return { fetch: (request) => app.fetch(request), sockets, hub, clock };
  }
}
