import type { Hono } from 'hono';

/**
 * The routes an app answers, as `METHOD /path` (Hono's pattern syntax), sorted; middleware
 * (registered for every method) is left out, and a route with several handlers counts once.
 */
export function registeredRoutes(app: Pick<Hono, 'routes'>): string[] {
  const routes = new Set<string>();
  for (const route of app.routes) if (route.method !== 'ALL') routes.add(`${route.method} ${route.path}`);
  return [...routes].sort();
}
