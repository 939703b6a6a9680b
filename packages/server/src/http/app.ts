import { type AppEnv, createApiRoutes } from '@bosun/api';
import type { Hono } from 'hono';
import { downloadRoutes } from '../routes/downloads.ts';
import { INSTALL_SCRIPT_PATH, installScript } from '../routes/install-script.ts';
import { webUiAssets } from '../routes/web-ui.ts';
import type { ServerDeps } from '../server-deps.ts';

/**
 * The manager's HTTP API with the public downloads (the `bosun` command, the agent, its image, the
 * install script) and the web UI's files behind it; the WebSocket paths are handled before it.
 */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const routes = downloadRoutes(deps.downloads);
  routes.set(INSTALL_SCRIPT_PATH, installScript(deps));
  const webUi = webUiAssets(deps.webDir);
  return createApiRoutes(deps, {
    assets: (c, next) => routes.get(c.req.path)?.(c) ?? webUi(c, next),
  });
}
