import { ProtocolError } from '@bosun/protocol';
import { Hono } from 'hono';
import { allowedHostsOnly } from './http/allowed-hosts-middleware.ts';
import type { ApiDeps, AppEnv } from './http/app-env.ts';
import { resolveClientAddress } from './http/client-address.ts';
import { toHttpError } from './http/http-errors.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { StaticAssets } from './ports/static-assets.ts';
import { accountRoutes } from './routes/account.ts';
import { agentRoutes } from './routes/agents.ts';
import { apiTokenRoutes } from './routes/api-tokens.ts';
import { auditRoutes } from './routes/audit.ts';
import { containerRoutes } from './routes/containers.ts';
import { eventRoutes } from './routes/events.ts';
import { grantRoutes } from './routes/grants.ts';
import { healthRoutes } from './routes/health.ts';
import { joinTokenRoutes } from './routes/join-tokens.ts';
import { logRoutes } from './routes/logs.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { retentionRoutes } from './routes/retention.ts';
import { searchRoutes } from './routes/search.ts';
import { sessionRoutes } from './routes/session.ts';
import { statusRoutes } from './routes/status.ts';
import { storedLogRoutes } from './routes/stored-logs.ts';
import { userRoutes } from './routes/users.ts';

/** What a runtime mounts beside the API. */
export type ApiRoutesOptions = {
  /** The web UI, asked for GETs no API route answers; without it those are 404s. */
  assets?: StaticAssets;
};

/**
 * The manager's HTTP API (every `/api/*` route, `/healthz` and `/metrics`) as one Hono app that speaks only
 * Web-standard Request and Response, so any runtime serves it by wiring its ports into `deps`.
 * The WebSocket paths are the runtime's own, handled before it.
 */
export function createApiRoutes(deps: ApiDeps, options: ApiRoutesOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const connection = deps.connectionOf(c);
    c.set('connection', connection);
    c.set(
      'clientAddress',
      resolveClientAddress(connection.address, c.req.header('x-forwarded-for'), deps.trustedProxies),
    );
    await next();
  });
  app.use('*', requestLog(deps.logger, deps.httpMetrics));
  app.use('*', securityHeaders());
  app.use('*', allowedHostsOnly(deps.allowedHosts));

  for (const routes of [
    healthRoutes(deps),
    metricsRoutes(deps),
    statusRoutes(deps),
    openApiRoutes(),
    sessionRoutes(deps),
    accountRoutes(deps),
    agentRoutes(deps),
    retentionRoutes(deps),
    containerRoutes(deps),
    joinTokenRoutes(deps),
    userRoutes(deps),
    grantRoutes(deps),
    apiTokenRoutes(deps),
    auditRoutes(deps),
    eventRoutes(deps),
    logRoutes(deps),
    storedLogRoutes(deps),
    searchRoutes(deps),
  ]) {
    app.route('/', routes);
  }
  if (options.assets) app.get('*', options.assets);

  app.notFound((c) => {
    const { status, body } = toHttpError(
      new ProtocolError('not_found', `no route ${c.req.method} ${c.req.path}`),
    );
    return c.json(body, status as 404);
  });

  app.onError((error, c) => {
    const { status, body, headers } = toHttpError(error);
    if (status >= 500) deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(body, status as 500, headers);
  });

  return app;
}
