import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { HttpMetrics } from '../metrics/http-metrics.ts';
import type { Logger } from '../ports/logger.ts';
import type { AppEnv } from './app-env.ts';

const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * One line per request: method, path (never the query, headers, cookies or body, which may
 * carry secrets), status and time. Server errors at warn, the rest at debug. Each request's
 * time, to its answer's headers (a stream's body may go on long after), goes to `metrics` by
 * route pattern.
 */
export function requestLog(logger: Logger, metrics?: HttpMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const elapsed = performance.now() - started;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(elapsed),
    };
    // Methods and paths are the client's to choose: only known methods and registered route
    // patterns become labels, so no request can add a time series.
    const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'other';
    metrics?.observe(routePattern(c), method, c.res.status, elapsed);
    if (c.res.status >= 500) logger.warn(fields, 'request failed');
    else logger.debug(fields, 'request');
  };
}

// The pattern of the route that answered: once the handlers have run, `routeIndex` is the last
// one reached. Middleware (registered for every method) reached last means no route answered.
function routePattern(c: Context): string {
  const route = matchedRoutes(c)[c.req.routeIndex];
  return route === undefined || route.method === 'ALL' ? 'unmatched' : route.path;
}
