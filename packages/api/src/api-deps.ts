import { Authenticator } from './auth/authenticator.ts';
import { CredentialChanges } from './auth/credential-changes.ts';
import { RateLimiter } from './auth/rate-limiter.ts';
import { Sessions } from './auth/sessions.ts';
import type { ApiDeps, ApiParts } from './http/app-env.ts';
import { OpenStreams } from './http/open-streams.ts';
import { HttpMetrics } from './metrics/http-metrics.ts';

/** Wires sessions, authentication, rate limits and stream bookkeeping around the given parts. */
export function createApiDeps(parts: ApiParts): ApiDeps {
  const { store, clock, limits } = parts;
  const sessions = new Sessions(store, clock, {
    idleMs: limits.sessionIdleMs,
    maxAgeMs: limits.sessionMaxAgeMs,
    touchMs: limits.sessionTouchMs,
  });
  const limiter = (limit: number, windowMs: number) => new RateLimiter({ limit, windowMs, clock });
  return {
    ...parts,
    sessions,
    authenticator: new Authenticator(store, clock, sessions, limits.apiTokenTouchMs),
    limiters: {
      loginIp: limiter(limits.loginPerIp, limits.loginWindowMs),
      loginUser: limiter(limits.loginPerUser, limits.loginWindowMs),
      tokenCreate: limiter(limits.tokenCreatePerUser, limits.tokenCreateWindowMs),
    },
    streams: new OpenStreams(),
    credentialChanges: new CredentialChanges(),
    httpMetrics: new HttpMetrics(),
  };
}
