import { type AppEnv, createApiRoutes } from '@bosun/api';
import type { Hono } from 'hono';
import { CLI_DOWNLOAD_PATH, cliDownload } from '../routes/cli-download.ts';
import { webUiAssets } from '../routes/web-ui.ts';
import type { ServerDeps } from '../server-deps.ts';

/**
 * The manager's HTTP API with the `bosun` command's download and the web UI's files behind it; the
 * WebSocket paths are handled before it.
 */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const download = cliDownload(deps.cliFile);
  const webUi = webUiAssets(deps.webDir);
  return createApiRoutes(deps, {
    assets: (c, next) => (c.req.path === CLI_DOWNLOAD_PATH ? download(c) : webUi(c, next)),
  });
}
