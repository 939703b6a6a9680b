import type { Clock, Hub, Store } from '@bosun/hub';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Authenticated, Authenticator } from '../auth/authenticator.ts';
import type { CredentialChanges } from '../auth/credential-changes.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { ServerLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
import type { OpenStreams } from './open-streams.ts';
import type { RequestFacts } from './origin.ts';

/** Hono's view of a request: Node's objects when served over HTTP (absent in `app.request` tests). */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { auth: Authenticated };
};

export type AppContext = Context<AppEnv>;

/** Everything the routes need, built once by the manager. */
export interface ServerDeps {
  hub: Hub;
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: ServerLimits;
  sessions: Sessions;
  authenticator: Authenticator;
  limiters: { loginIp: RateLimiter; loginUser: RateLimiter; tokenCreate: RateLimiter };
  /** The manager's URL as others reach it, when configured. */
  publicUrl: string | undefined;
  /** The built web UI, when there is one. */
  webDir: string | undefined;
  /** Long-lived responses (event streams, log reads) to end on shutdown. */
  streams: OpenStreams;
  /** Told when a session or token is withdrawn, so live connections check theirs at once. */
  credentialChanges: CredentialChanges;
}

export function requestFacts(c: AppContext): RequestFacts {
  const socket = c.env?.incoming?.socket as { encrypted?: boolean } | undefined;
  return {
    // The URL's host is the Host header under Node; it stands in where there is no header.
    host: c.req.header('host') ?? new URL(c.req.url).host,
    encrypted: socket?.encrypted === true,
    forwardedProto: c.req.header('x-forwarded-proto'),
  };
}

/** The peer's address, for rate limits. Forwarded-for headers are not trusted: anyone can send them. */
export function clientAddress(c: AppContext): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
