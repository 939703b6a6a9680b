import type { Clock, Hub, LogStore, Store } from '@bosun/hub';
import type { Context } from 'hono';
import type { Authenticated, Authenticator } from '../auth/authenticator.ts';
import type { CredentialChanges } from '../auth/credential-changes.ts';
import type { FairGate } from '../auth/fair-gate.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { ApiLimits } from '../limits.ts';
import type { HttpMetrics } from '../metrics/http-metrics.ts';
import type { AgentImageSource } from '../ports/agent-image.ts';
import type { ClientConnection, ConnectionOf } from '../ports/client-connection.ts';
import type { Logger } from '../ports/logger.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { RuntimeStats } from '../ports/runtime-stats.ts';
import type { StoreHealth } from '../ports/store-health.ts';
import type { AllowedHosts } from './allowed-hosts.ts';
import { type Cidr, clientBucket } from './ip-address.ts';
import type { OpenStreams } from './open-streams.ts';
import type { RequestFacts } from './origin.ts';

/**
 * Hono's view of a request to the API: who sent it (set by the auth middleware) and its
 * connection (set first, from the runtime's `ConnectionOf`).
 */
export type AppEnv = {
  Variables: { auth: Authenticated; connection: ClientConnection; clientAddress: string };
};

/** A request's context in any API route or middleware. */
export type AppContext = Context<AppEnv>;

/** What a runtime hands the API: the hub, its store and clock, and the API's ports. */
export interface ApiParts {
  hub: Hub;
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: ApiLimits;
  passwords: PasswordHasher;
  /** The runtime's view of each request's connection. */
  connectionOf: ConnectionOf;
  /** The manager's URL as others reach it, when configured. */
  publicUrl: string | undefined;
  /** Whether the store works, for `/healthz`, `/metrics` and `/api/status`. */
  storeHealth: StoreHealth;
  /**
   * Whether the runtime has finished starting (first admin created, local agent started); until
   * then `/healthz` answers `starting`. Absent: ready from the first request.
   */
  ready?: () => boolean;
  /** The manager's version and its process's figures. */
  runtime: RuntimeStats;
  /** A bearer token that may read `/metrics` (besides admins); undefined: none. */
  metricsToken: string | undefined;
  /** Proxies whose X-Forwarded-For names the client (`--trusted-proxy`); none when absent. */
  trustedProxies?: readonly Cidr[];
  /** Host names answered besides IP literals and loopback; the public URL's host alone when absent. */
  allowedHosts?: AllowedHosts;
  /** The agent image join lines run; this version's local tag, not handed out, when absent. */
  agentImage?: AgentImageSource;
  /**
   * The manager's log store, read by `/api/stored-streams`, `/api/stored-logs` and `/api/search`;
   * absent, those answer `not_found`.
   */
  logStore?: LogStore;
}

/** Everything the routes need, built once per runtime (`createApiDeps` builds the API's own parts). */
export interface ApiDeps extends ApiParts {
  trustedProxies: readonly Cidr[];
  allowedHosts: AllowedHosts;
  sessions: Sessions;
  authenticator: Authenticator;
  limiters: {
    loginIp: RateLimiter;
    /** Failed logins per client and username. */
    loginFailures: RateLimiter;
    /** Wrong current passwords per user at a password change. */
    passwordFailures: RateLimiter;
    tokenCreate: RateLimiter;
  };
  /** Password hashing for requests, shared out fairly between clients. */
  passwordChecks: FairGate;
  /** Long-lived responses (event streams, log reads) to end on shutdown. */
  streams: OpenStreams;
  /** Told when a session or token is withdrawn, so live connections check theirs at once. */
  credentialChanges: CredentialChanges;
  /** HTTP request latencies, observed by the request log. */
  httpMetrics: HttpMetrics;
}

/** Where the request says it was sent, for origin checks and the Secure cookie flag. */
export function requestFacts(c: AppContext): RequestFacts {
  return {
    // The URL's host is the Host header under Node; it stands in where there is no header.
    host: c.req.header('host') ?? new URL(c.req.url).host,
    encrypted: c.get('connection').encrypted,
    forwardedProto: c.req.header('x-forwarded-proto'),
  };
}

/**
 * The client's address, for rate limits and the audit: the peer's, or behind a trusted proxy the
 * one its X-Forwarded-For vouches for (`resolveClientAddress`); set before any route runs.
 */
export function clientAddress(c: AppContext): string {
  return c.get('clientAddress');
}

/** The key a client's requests are counted under: its address, or its /64 for IPv6. */
export function clientKey(c: AppContext): string {
  return clientBucket(clientAddress(c));
}
