import type { HealthResponse } from '@bosun/protocol';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

/** GET /healthz: no auth, for load balancers and container health checks. */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ ok: true } satisfies HealthResponse));
  return app;
}
