import { type AppEnv, createApiRoutes } from '@bosun/api';
import type { Hono } from 'hono';
import { webUiAssets } from '../routes/web-ui.ts';
import type { ServerDeps } from '../server-deps.ts';

/** The manager's HTTP API with the web UI's files behind it; the WebSocket paths are handled before it. */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  return createApiRoutes(deps, { assets: webUiAssets(deps.webDir) });
}
