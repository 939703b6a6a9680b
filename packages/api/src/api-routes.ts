import { ProtocolError } from '@bosun/protocol';
import { Hono } from 'hono';
import { accountRoutes } from '../routes/account.ts';
import { agentRoutes } from '../routes/agents.ts';
import { apiTokenRoutes } from '../routes/api-tokens.ts';
import { auditRoutes } from '../routes/audit.ts';
import { containerRoutes } from '../routes/containers.ts';
import { eventRoutes } from '../routes/events.ts';
import { healthRoutes } from '../routes/health.ts';
import { joinTokenRoutes } from '../routes/join-tokens.ts';
import { logRoutes } from '../routes/logs.ts';
import { sessionRoutes } from '../routes/session.ts';
import { userRoutes } from '../routes/users.ts';
import { webUiRoutes } from '../routes/web-ui.ts';
import type { AppEnv, ServerDeps } from './app-env.ts';
import { toHttpError } from './http-errors.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';

/** The manager's HTTP API and web UI as one Hono app; the WebSocket paths are handled before it. */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(deps.logger));
  app.use('*', securityHeaders());

  for (const routes of [
    healthRoutes(),
    sessionRoutes(deps),
    accountRoutes(deps),
    agentRoutes(deps),
    containerRoutes(deps),
    joinTokenRoutes(deps),
    userRoutes(deps),
    apiTokenRoutes(deps),
    auditRoutes(deps),
    eventRoutes(deps),
    logRoutes(deps),
    webUiRoutes(deps),
  ]) {
    app.route('/', routes);
  }

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
