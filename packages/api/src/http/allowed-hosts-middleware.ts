import type { MiddlewareHandler } from 'hono';
import { type AllowedHosts, hostRefused, isAllowedHost } from './allowed-hosts.ts';
import type { AppEnv } from './app-env.ts';

/**
 * Refuses (403 `forbidden`) every request whose Host the manager was not told to answer
 * (`isAllowedHost`), `/healthz` included: a health check names an IP or localhost anyway.
 */
export function allowedHostsOnly(policy: AllowedHosts): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Under Node the URL's host is the Host header; it stands in where a runtime has no header.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!isAllowedHost(host, policy)) throw hostRefused(host);
    await next();
  };
}
