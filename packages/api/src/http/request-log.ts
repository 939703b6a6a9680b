import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../ports/logger.ts';
import type { AppEnv } from './app-env.ts';

/**
 * One line per request: method, path (never the query, headers, cookies or body, which may
 * carry secrets), status and time. Server errors at warn, the rest at debug.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    };
    if (c.res.status >= 500) logger.warn(fields, 'request failed');
    else logger.debug(fields, 'request');
  };
}
