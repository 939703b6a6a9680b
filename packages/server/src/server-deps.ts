import { type ApiDeps, type ApiParts, createApiDeps } from '@bosun/api';
import { Hub, type HubOptions, type LogStore, type ManagerKey } from '@bosun/hub';
import { nodeConnectionOf } from './http/node-connection.ts';
import type { ServerLimits } from './limits.ts';
import { hubLoggerFor, type Logger } from './logger.ts';
import type { DownloadFiles } from './routes/downloads.ts';

/** Everything the Node manager's HTTP side needs: the API's deps, with the server's limits, web UI and downloads. */
export type ServerDeps = ApiDeps & {
  limits: ServerLimits;
  /** The built web UI, when there is one. */
  webDir: string | undefined;
  /** The files handed out at /download/…, those there are. */
  downloads: DownloadFiles;
};

/**
 * Wires the hub and the API's parts around one store, with Node's adapters for the API's ports
 * (the runtime's figures and the store's health come from the caller, which owns their timers).
 */
export function buildServerDeps(
  parts: Omit<ApiParts, 'hub' | 'connectionOf' | 'logger' | 'limits'> & {
    logger: Logger;
    limits: ServerLimits;
    webDir: string | undefined;
    /** The files to hand out (default: none). */
    downloads?: DownloadFiles;
    hubOptions: Partial<Omit<HubOptions, 'logger'>> | undefined;
    /** The key the manager proves itself to agents with (`loadManagerKey`). */
    managerKey: ManagerKey;
    /** Where retained containers' logs are kept (`openSqliteLogStore`). */
    logStore?: LogStore;
  },
): ServerDeps {
  const { webDir, downloads, hubOptions, managerKey, logStore, ...shared } = parts;
  const { store, clock, logger, limits } = shared;
  const hub = new Hub({
    store,
    clock,
    managerKey,
    ...(logStore ? { logStore } : {}),
    options: { ...hubOptions, logger: hubLoggerFor(logger) },
  });
  // The hub ingests into the store; the API's read and search routes answer from it.
  const api = createApiDeps({
    ...shared,
    ...(logStore ? { logStore } : {}),
    hub,
    connectionOf: nodeConnectionOf,
  });
  return { ...api, limits, webDir, downloads: downloads ?? {} };
}
