import { type ApiDeps, createApiDeps, type PasswordHasher } from '@bosun/api';
import { type Clock, Hub, type HubOptions, type Store } from '@bosun/hub';
import { nodeConnectionOf } from './http/node-connection.ts';
import type { ServerLimits } from './limits.ts';
import { hubLoggerFor, type Logger } from './logger.ts';

/** Everything the Node manager's HTTP side needs: the API's deps, with the server's limits and web UI. */
export type ServerDeps = ApiDeps & {
  limits: ServerLimits;
  /** The built web UI, when there is one. */
  webDir: string | undefined;
};

/** Wires the hub and the API's parts around one store, with Node's adapters for the API's ports. */
export function buildServerDeps(parts: {
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: ServerLimits;
  passwords: PasswordHasher;
  publicUrl: string | undefined;
  webDir: string | undefined;
  hubOptions: Partial<Omit<HubOptions, 'logger'>> | undefined;
}): ServerDeps {
  const { store, clock, logger, limits, passwords, publicUrl } = parts;
  const hub = new Hub({ store, clock, options: { ...parts.hubOptions, logger: hubLoggerFor(logger) } });
  const api = createApiDeps({
    hub,
    store,
    clock,
    logger,
    limits,
    passwords,
    publicUrl,
    connectionOf: nodeConnectionOf,
  });
  return { ...api, limits, webDir: parts.webDir };
}
