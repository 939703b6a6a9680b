import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allowedHostPolicy,
  createMetricsApp,
  ensureFirstAdmin,
  firstStartBox,
  type OpenStreams,
} from '@bosun/api';
import {
  type AuditBounds,
  DEFAULT_AUDIT_BOUNDS,
  type Hub,
  type HubOptions,
  type LogRetention,
  type LogStore,
  type Store,
  systemClock,
  withAuditBounds,
} from '@bosun/hub';
import { ProtocolError } from '@bosun/protocol';
import { createAdaptorServer } from '@hono/node-server';
import { scryptPasswordHasher } from './auth/passwords.ts';
import {
  DEFAULT_LISTEN,
  type ListenAddress,
  localBaseUrl,
  parseAgentImage,
  parseAllowedHosts,
  parseListen,
  parseMetricsToken,
  parsePublicUrl,
  parseTrustedProxies,
} from './config.ts';
import { ensureDataDir } from './data-dir.ts';
import { createApp } from './http/app.ts';
import { resolveServerLimits, type ServerLimits } from './limits.ts';
import { DEFAULT_LOG_RETENTION } from './log-retention-config.ts';
import { openSqliteLogStore } from './log-store/sqlite-log-store.ts';
import { hubLoggerFor, type Logger, silentLogger } from './logger.ts';
import { loadManagerKey } from './manager-key-file.ts';
import { type NodeRuntimeStats, nodeRuntimeStats } from './node-runtime-stats.ts';
import { agentImageSource } from './routes/agent-image-source.ts';
import { buildServerDeps } from './server-deps.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import { readTlsFiles, type TlsFiles } from './tls-files.ts';
import { MANAGER_VERSION } from './version.ts';
import { SocketEndpoints } from './ws/socket-endpoints.ts';

/** How to start a manager (`startManager`); only `dataDir` is required. */
export type ManagerOptions = {
  /** `host:port` (default 127.0.0.1:7070); port 0 picks a free one. */
  listen?: string;
  /** Holds bosun.db (and whatever a companion keeps there); created 0700. */
  dataDir: string;
  /** The first admin's password, used on the very first start only; generated and shown once otherwise. */
  adminPassword?: string;
  /** The manager's URL as others reach it (printed in join commands, accepted as an Origin). */
  publicUrl?: string;
  /** A bearer token that may read `/metrics` on the main address (admins always may). */
  metricsToken?: string;
  /** `--trusted-proxy`: proxies (addresses, CIDRs, comma-separated) whose X-Forwarded-For is believed. */
  trustedProxies?: string;
  /** `--allowed-hosts`: host names answered besides the public URL's, IP literals and loopback. */
  allowedHosts?: string;
  /**
   * `host:port` of a second, plain listener serving only `/metrics`, without credentials: for
   * loopback or a private network. Off when absent.
   */
  metricsListen?: string;
  /**
   * Serve https and wss with this certificate chain and private key (PEM files) instead of plain
   * http and ws. The metrics listener stays plain.
   */
  tls?: TlsFiles;
  /**
   * Something to run beside the manager in its process, e.g. the agent for this machine's Docker
   * (`bosun manager` composes it there, since the server does not depend on the agent).
   */
  companion?: StartCompanion;
  logger?: Logger;
  /** The built web UI; defaults to packages/web/dist when it exists. */
  webDir?: string;
  /**
   * The folder of the files the manager hands out: `bosun.mjs` (/download/bosun),
   * `bosun-agent.mjs` (/download/bosun-agent) and `bosun-agent-image.tar.gz`
   * (/download/bosun-agent-image); packages/cli/dist of the checkout by default. Each is looked
   * for when asked for, so one built after the start is served.
   */
  downloadsDir?: string;
  /** `--agent-image-file`: the agent image's `docker save` output, if not in `downloadsDir`. */
  agentImageFile?: string;
  /** `--agent-image`: the image join lines run (default: `bosun-agent:<version>`). */
  agentImage?: string;
  /** Where the first-start notice with a generated password goes (default: stderr). */
  notice?: (text: string) => void;
  limits?: Partial<ServerLimits>;
  hubOptions?: Partial<Omit<HubOptions, 'logger'>>;
  /**
   * A log store to use instead of opening `logs.db` (tests that fill it themselves); the hub
   * ingests into it and the stored-log routes read it. The manager flushes it but does not close it.
   */
  logStore?: LogStore;
  /** How long audit rows are kept and how many at most (default: 90 days, 100,000 rows). */
  audit?: Partial<AuditBounds>;
  /**
   * The bounds of `logs.db`, the store of retained containers' logs beside bosun.db (default:
   * `DEFAULT_LOG_RETENTION`); which containers are retained is `hubOptions.retain`.
   */
  logRetention?: Partial<LogRetention>;
};

/** A started manager: where it listens, its hub, and `close`. */
export type RunningManager = {
  /** The URL this machine reaches the manager at, e.g. http://127.0.0.1:7070. */
  url: string;
  /** The address actually bound (the port chosen when `listen` asked for 0). */
  address: ListenAddress;
  dataDir: string;
  publicUrl: string | undefined;
  /** The metrics listener's `/metrics` URL, when `metricsListen` asked for one. */
  metricsUrl: string | undefined;
  /** The web UI's files it serves, or undefined when it found none. */
  webDir: string | undefined;
  hub: Hub;
  /** The log store the hub ingests retained containers into (`logs.db`, or the one it was given). */
  logStore: LogStore;
  /** Stops accepting, ends streams, closes every socket (1001), flushes the hub, closes the stores. */
  close(): Promise<void>;
};

/** What a companion is handed: the manager, listening, with its first admin in place. */
export type ListeningManager = {
  hub: Hub;
  /** The URL this machine reaches the manager at (https under TLS). */
  url: string;
  /** The certificate chain (PEM) the manager serves under TLS, for a companion to trust. */
  certificate: string | undefined;
  dataDir: string;
  logger: Logger;
};

/** Something running beside the manager in its process. */
export type Companion = {
  /** Called first when the manager closes, before the hub closes the sockets it may hold. */
  stop(): Promise<void>;
};

/** Starts a companion once the manager listens; a rejection fails the manager's start. */
export type StartCompanion = (manager: ListeningManager) => Promise<Companion>;

const HTTP_TIMEOUT_CHECK_MS = 2000;

// Connections the kernel queues until the manager accepts them (Node's default is 511; Linux
// caps it at net.core.somaxconn). A fleet reconnecting at once after a manager restart, or a
// burst of clients while the loop is busy, then waits in the queue instead of being dropped
// and retried by each client's backoff.
const LISTEN_BACKLOG = 4096;

// Both resolve the same from this source file and from the single-file CLI (packages/cli/dist),
// which sit at the same depth in a checkout. An installed single file (the npm package, the
// images) carries the web UI in a `web` folder beside it, which comes first.
const DEFAULT_WEB_DIRS = [
  fileURLToPath(new URL('./web', import.meta.url)),
  fileURLToPath(new URL('../../web/dist', import.meta.url)),
];
const DEFAULT_DOWNLOADS_DIR = fileURLToPath(new URL('../../cli/dist', import.meta.url));

/** Starts a manager: store, hub, HTTP API, WebSocket endpoints and, if asked, its companion. */
export async function startManager(options: ManagerOptions): Promise<RunningManager> {
  const logger = options.logger ?? silentLogger();
  const limits = resolveServerLimits(options.limits);
  const listen = parseListen(options.listen ?? DEFAULT_LISTEN);
  const publicUrl = options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl);
  const metricsToken =
    options.metricsToken === undefined ? undefined : parseMetricsToken(options.metricsToken);
  const metricsListen =
    options.metricsListen === undefined ? undefined : parseListen(options.metricsListen, '--metrics-listen');
  const trustedProxies = parseTrustedProxies(options.trustedProxies ?? '');
  const allowedHosts = allowedHostPolicy(publicUrl, parseAllowedHosts(options.allowedHosts ?? ''));
  const clock = systemClock;
  const passwords = scryptPasswordHasher();

  const webDir = options.webDir ?? DEFAULT_WEB_DIRS.find((dir) => existsSync(join(dir, 'index.html')));
  const downloadsDir = options.downloadsDir ?? DEFAULT_DOWNLOADS_DIR;
  const downloads = {
    cli: join(downloadsDir, 'bosun.mjs'),
    agent: join(downloadsDir, 'bosun-agent.mjs'),
    agentImage: options.agentImageFile ?? join(downloadsDir, 'bosun-agent-image.tar.gz'),
  };
  const agentImage = agentImageSource(
    options.agentImage === undefined ? `bosun-agent:${MANAGER_VERSION}` : parseAgentImage(options.agentImage),
    downloads.agentImage,
  );

  const tls = options.tls === undefined ? undefined : await readTlsFiles(options.tls);
  await ensureDataDir(options.dataDir, logger);
  const managerKey = await loadManagerKey(options.dataDir, logger);
  const sqlite = openSqliteStore(join(options.dataDir, 'bosun.db'), { logger });
  const store = withAuditBounds(sqlite, {
    clock,
    logger: hubLoggerFor(logger),
    bounds: { ...DEFAULT_AUDIT_BOUNDS, ...options.audit },
  });
  const ownLogStore =
    options.logStore === undefined
      ? openSqliteLogStore(
          join(options.dataDir, 'logs.db'),
          { ...DEFAULT_LOG_RETENTION, ...options.logRetention },
          { logger },
        )
      : undefined;
  const logStore: LogStore = options.logStore ?? ownLogStore!;
  const runtime = nodeRuntimeStats(MANAGER_VERSION);
  // Set once the first admin and the local agent are in place (see /healthz).
  let started = false;
  let parts: Omit<ShutdownParts, 'companion'>;
  let address: ListenAddress;
  let metricsUrl: string | undefined;
  let metricsServer: Server | undefined;
  try {
    const deps = buildServerDeps({
      store,
      storeHealth: sqlite.health,
      ready: () => started,
      clock,
      logger,
      limits,
      passwords,
      publicUrl,
      webDir,
      downloads,
      agentImage,
      hubOptions: options.hubOptions,
      runtime,
      metricsToken,
      trustedProxies,
      allowedHosts,
      managerKey,
      logStore,
    });
    const { hub, sessions, authenticator, streams, credentialChanges } = deps;
    // What aged past the bound while the manager was down goes now; later prunes follow appends.
    store.audit.pruneNow().catch((error: unknown) => {
      logger.error({ err: String(error) }, 'could not prune the audit log');
    });
    const fetch = createApp(deps).fetch;
    // An https server is an http server to everything below: requests, upgrades and closing.
    const timeouts = {
      headersTimeout: limits.httpHeadersTimeoutMs,
      requestTimeout: limits.httpRequestTimeoutMs,
      // Node looks for overdue requests this often (30 s by default, which would add up to
      // 30 s to both timeouts).
      connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_MS,
    };
    const server = (
      tls
        ? createAdaptorServer({
            fetch,
            createServer: createHttpsServer,
            serverOptions: { ...tls, ...timeouts },
          })
        : createAdaptorServer({ fetch, serverOptions: timeouts })
    ) as Server;
    const sockets = new SocketEndpoints({
      hub,
      authenticator,
      credentialChanges,
      limits,
      logger,
      publicUrl,
      trustedProxies,
      allowedHosts,
    });
    server.on('upgrade', sockets.handleUpgrade);
    address = await listenOn(server, listen);
    if (metricsListen) {
      metricsServer = createAdaptorServer({ fetch: createMetricsApp(deps).fetch }) as Server;
      const bound = await listenOn(metricsServer, metricsListen);
      metricsUrl = `${localBaseUrl(bound)}/metrics`;
    }
    const sweep = setInterval(() => {
      sessions.sweep().catch((error: unknown) => logger.warn({ err: String(error) }, 'session sweep failed'));
    }, limits.sessionSweepMs);
    sweep.unref();
    parts = {
      server,
      metricsServer,
      runtime,
      sockets,
      hub,
      store,
      logStore,
      ownLogStore,
      streams,
      limits,
      logger,
      sweep,
    };
  } catch (error) {
    runtime.stop();
    metricsServer?.close();
    await ownLogStore?.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }

  const url = localBaseUrl(address, tls ? 'https' : 'http');
  let companion: Companion | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown({ ...parts, companion });
    return closing;
  };
  try {
    // Only once the manager listens: a first start that fails before this point (port taken)
    // creates no admin whose generated password nobody has seen.
    const firstAdmin = await ensureFirstAdmin({ store, clock, logger, passwords }, options.adminPassword);
    if (firstAdmin.created && firstAdmin.generatedPassword !== undefined) {
      // Straight to the terminal, never through the logger: log files are kept and shipped.
      const notice = options.notice ?? ((text: string) => process.stderr.write(text));
      notice(firstStartBox(firstAdmin.username, firstAdmin.generatedPassword, publicUrl ?? url));
    }
    if (options.companion) {
      companion = await options.companion({
        hub: parts.hub,
        url,
        certificate: tls?.cert,
        dataDir: options.dataDir,
        logger,
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  started = true;
  logger.info(
    { url, dataDir: options.dataDir, webUi: webDir !== undefined, metricsUrl, tls: tls !== undefined },
    'manager listening',
  );
  return {
    url,
    address,
    dataDir: options.dataDir,
    publicUrl,
    metricsUrl,
    webDir,
    hub: parts.hub,
    logStore,
    close,
  };
}

function listenOn(server: Server, listen: ListenAddress): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const where = `${listen.host}:${listen.port}`;
      if (error.code === 'EADDRINUSE')
        reject(new ProtocolError('conflict', `cannot listen on ${where}: address already in use`));
      else if (error.code === 'EACCES')
        reject(new ProtocolError('forbidden', `cannot listen on ${where}: permission denied`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new ProtocolError('invalid_data', `cannot listen on ${where}: no such local address`));
      } else reject(error);
    };
    server.once('error', failed);
    server.listen({ port: listen.port, host: listen.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', failed);
      const bound = server.address() as AddressInfo;
      resolve({ host: listen.host, port: bound.port });
    });
  });
}

type ShutdownParts = {
  server: Server;
  metricsServer: Server | undefined;
  runtime: NodeRuntimeStats;
  sockets: SocketEndpoints;
  hub: Hub;
  store: Store;
  logStore: LogStore;
  /** The store the manager opened itself, which it closes; undefined for one it was given. */
  ownLogStore: LogStore | undefined;
  streams: OpenStreams;
  limits: ServerLimits;
  logger: Logger;
  sweep: NodeJS.Timeout;
  companion: Companion | undefined;
};

async function shutdown(parts: ShutdownParts): Promise<void> {
  const { server, sockets, hub, store, streams, limits, logger } = parts;
  logger.info('manager stopping');
  clearInterval(parts.sweep);
  // Stop accepting first; resolves once every connection is gone.
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  const metricsClosed = closeMetricsServer(parts.metricsServer);
  // The companion goes before the hub closes the sockets, so e.g. a local agent does not try to
  // reconnect.
  await parts.companion?.stop();
  streams.endAll();
  // Writes every log cursor, closes agent and viewer sockets with 1001.
  await hub.close();
  await sockets.close(limits.shutdownGraceMs);
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), limits.shutdownGraceMs);
  await serverClosed;
  await metricsClosed;
  clearTimeout(force);
  parts.runtime.stop();
  // The hub no longer appends: what the store has queued is written before it closes.
  await parts.logStore.flush();
  await parts.ownLogStore?.close();
  await store.close();
  logger.info('manager stopped');
}

// A scrape is short and holds nothing: its connections are closed at once rather than waited for.
function closeMetricsServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
