import { NotLoggedInError, UsageError } from '../exit-codes.ts';
import { type CliConfig, defaultConfigPath, readConfig } from './config-file.ts';
import { parseManagerUrl } from './manager-url.ts';
import { fixedToken, SavedToken, type TokenSource } from './saved-token.ts';

/** Where and as whom a command talks to the manager. */
export type Connection = { manager: string; token: string };

/** The options every client command takes (see cli-options.ts). */
export type ConnectionOptions = { manager?: string; config?: string };

/** What to tell a person who is not logged in. */
export const LOGIN_HINT = 'run bosun login --manager URL or set BOSUN_TOKEN';

/**
 * `--manager`/BOSUN_MANAGER and BOSUN_TOKEN override the saved login. The saved token is only
 * ever sent to the manager it was issued by: pointing --manager elsewhere without BOSUN_TOKEN
 * is "not logged in", never a token handed to a stranger.
 */
export function resolveConnection(
  options: ConnectionOptions,
  config: CliConfig,
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const flagManager = options.manager ? parseManagerUrl(options.manager) : undefined;
  const savedManager = config.manager ? parseManagerUrl(config.manager) : undefined;
  const manager = flagManager ?? savedManager;
  const envToken = env.BOSUN_TOKEN || undefined;
  if (envToken !== undefined) {
    if (!manager)
      throw new UsageError('BOSUN_TOKEN is set but no manager: pass --manager URL or set BOSUN_MANAGER');
    return { manager, token: envToken };
  }
  if (!manager || !config.token) throw new NotLoggedInError(`not logged in: ${LOGIN_HINT}`);
  if (manager !== savedManager) {
    throw new NotLoggedInError(`not logged in to ${manager}: ${LOGIN_HINT}`);
  }
  return { manager, token: config.token };
}

/** The config file a command reads: `--config`, else the default (`defaultConfigPath`). */
export function configPathOf(options: ConnectionOptions): string {
  return options.config || defaultConfigPath();
}

/** A connection for a command that may run for weeks: its token can change under it (`TokenSource`). */
export type LiveConnection = { manager: string; tokens: TokenSource };

/**
 * Reads the config file and resolves the connection in one step. A saved token past half its
 * life is renewed first (`renewSavedToken`); BOSUN_TOKEN is the user's own to manage.
 */
export async function loadConnection(options: ConnectionOptions): Promise<Connection> {
  const { manager, tokens } = await loadLiveConnection(options);
  return { manager, token: tokens.current() };
}

/**
 * `loadConnection` for a long-running command: with the saved token, `tokens` is a `SavedToken`
 * that follows renewals by other bosun processes and can keep the token renewed itself.
 */
export async function loadLiveConnection(options: ConnectionOptions): Promise<LiveConnection> {
  const path = configPathOf(options);
  const config = await readConfig(path);
  const { manager, token } = resolveConnection(options, config);
  if (token !== config.token) return { manager, tokens: fixedToken(token) };
  const saved = new SavedToken(path, { ...config, manager, token });
  await saved.renewIfDue();
  return { manager, tokens: saved };
}
