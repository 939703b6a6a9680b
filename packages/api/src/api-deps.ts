import { Authenticator } from './auth/authenticator.ts';
import { CredentialChanges } from './auth/credential-changes.ts';
import { FairGate } from './auth/fair-gate.ts';
import { RateLimiter } from './auth/rate-limiter.ts';
import { Sessions } from './auth/sessions.ts';
import { allowedHostPolicy } from './http/allowed-hosts.ts';
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
    trustedProxies: parts.trustedProxies ?? [],
    allowedHosts: parts.allowedHosts ?? allowedHostPolicy(parts.publicUrl, []),
    sessions,
    authenticator: new Authenticator(store, clock, sessions, limits.apiTokenTouchMs),
    limiters: {
      loginIp: limiter(limits.loginPerIp, limits.loginWindowMs),
      loginFailures: limiter(limits.loginFailuresPerClientUser, limits.loginWindowMs),
      passwordFailures: limiter(limits.passwordFailuresPerUser, limits.loginWindowMs),
      tokenCreate: limiter(limits.tokenCreatePerUser, limits.tokenCreateWindowMs),
    },
    passwordChecks: new FairGate({
      maxRunning: limits.passwordChecksRunning,
      perSource: limits.passwordChecksPerClient,
      maxWaiting: limits.passwordChecksWaiting,
    }),
    streams: new OpenStreams(),
    credentialChanges: new CredentialChanges(),
    httpMetrics: new HttpMetrics(),
  };
}
