import { type Clock, Hub, type HubOptions, type Store } from '@bosun/hub';
import { Authenticator } from './auth/authenticator.ts';
import { CredentialChanges } from './auth/credential-changes.ts';
import { RateLimiter } from './auth/rate-limiter.ts';
import { Sessions } from './auth/sessions.ts';
import type { ServerDeps } from './http/app-env.ts';
import { OpenStreams } from './http/open-streams.ts';
import type { ServerLimits } from './limits.ts';
import { hubLoggerFor, type Logger } from './logger.ts';

/** Wires the hub, sessions, authentication and rate limits around one store. */
export function buildServerDeps(parts: {
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: ServerLimits;
  publicUrl: string | undefined;
  webDir: string | undefined;
  hubOptions: Partial<Omit<HubOptions, 'logger'>> | undefined;
}): ServerDeps {
  const { store, clock, logger, limits } = parts;
  const hub = new Hub({ store, clock, options: { ...parts.hubOptions, logger: hubLoggerFor(logger) } });
  const sessions = new Sessions(store, clock, {
    idleMs: limits.sessionIdleMs,
    maxAgeMs: limits.sessionMaxAgeMs,
    touchMs: limits.sessionTouchMs,
  });
  const limiter = (limit: number, windowMs: number) => new RateLimiter({ limit, windowMs, clock });
  return {
    hub,
    store,
    clock,
    logger,
    limits,
    sessions,
    authenticator: new Authenticator(store, clock, sessions, limits.apiTokenTouchMs),
    limiters: {
      loginIp: limiter(limits.loginPerIp, limits.loginWindowMs),
      loginUser: limiter(limits.loginPerUser, limits.loginWindowMs),
      tokenCreate: limiter(limits.tokenCreatePerUser, limits.tokenCreateWindowMs),
    },
    publicUrl: parts.publicUrl,
    webDir: parts.webDir,
    streams: new OpenStreams(),
    credentialChanges: new CredentialChanges(),
  };
}
