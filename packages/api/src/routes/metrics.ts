import { ProtocolError } from '@bosun/protocol';
import { type Context, Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { toHttpError } from '../http/http-errors.ts';
import { managerMetricFamilies } from '../metrics/manager-metrics.ts';
import { metricsAccess } from '../metrics/metrics-access.ts';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusText } from '../metrics/prometheus-text.ts';
import { retentionFigures } from '../metrics/retention-figures.ts';

/** GET /metrics on the main address: Prometheus text, for the metrics token or an admin. */
export function metricsRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', metricsAccess(deps), (c) => metricsAnswer(c, deps));
  return app;
}

/**
 * The app of the separate metrics address (`--metrics-listen`): `GET /metrics` without
 * credentials and nothing else, so it belongs on loopback or a private network only.
 */
export function createMetricsApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.get('/metrics', (c) => metricsAnswer(c, deps));
  app.notFound((c) => {
    const { status, body } = toHttpError(
      new ProtocolError('not_found', 'this address serves GET /metrics only'),
    );
    return c.json(body, status as 404);
  });
  return app;
}

async function metricsAnswer(c: Context, deps: ApiDeps): Promise<Response> {
  const retention = await retentionFigures(deps.hub, deps.logger);
  const text = renderPrometheusText(
    managerMetricFamilies({
      version: deps.runtime.version,
      hub: deps.hub.stats(),
      memory: deps.hub.memory(),
      process: deps.runtime.sample(),
      store: deps.storeHealth.state(),
      http: deps.httpMetrics.snapshot(),
      ...(retention ? { retention } : {}),
    }),
  );
  return c.body(text, 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
}
