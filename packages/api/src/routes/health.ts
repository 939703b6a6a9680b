import type { HealthResponse } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';

/**
 * GET /healthz: no auth, for load balancers and container health checks. A failing store answers
 * 503, so a balancer sends people elsewhere while logins and changes cannot be saved; so does a
 * manager that listens but has not finished starting, so "healthy" means a login can succeed.
 */
export function healthRoutes(deps: Pick<ApiDeps, 'storeHealth' | 'ready'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    const state = deps.storeHealth.state();
    if (state.ok && deps.ready?.() === false) {
      return c.json({ status: 'starting', store: { ok: true } } satisfies HealthResponse, 503);
    }
    if (state.ok) return c.json({ status: 'ok', store: { ok: true } } satisfies HealthResponse);
    const store: HealthResponse['store'] = { ok: false };
    if (state.error !== undefined) store.error = state.error;
    if (state.failingSince !== undefined) store.since = state.failingSince;
    return c.json({ status: 'degraded', store } satisfies HealthResponse, 503);
  });
  return app;
}
