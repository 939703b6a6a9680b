import { readConfig, writeConfig } from '../client/config-file.ts';
import { ManagerClient } from '../client/http-client.ts';
import { parseManagerUrl } from '../client/manager-url.ts';
import { configPathOf } from '../client/settings.ts';
import { ManagerError } from '../exit-codes.ts';

/** The options of `bosun logout`, as Commander parsed them. */
export type LogoutOptions = { config?: string };

/** What `bosun logout` does, loaded only when it runs. */
export async function runLogout(options: LogoutOptions): Promise<void> {
  const path = configPathOf(options);
  const config = await readConfig(path);
  if (!config.token || !config.manager) {
    const hint = process.env.BOSUN_TOKEN ? ' (BOSUN_TOKEN is set: unset it yourself)' : '';
    process.stderr.write(`Not logged in${hint}.\n`);
    return;
  }
  const manager = parseManagerUrl(config.manager);
  if (config.tokenId) {
    try {
      await new ManagerClient(manager, { token: config.token }).send(
        `/api/api-tokens/${encodeURIComponent(config.tokenId)}`,
        { method: 'DELETE', timeoutMs: 15_000 },
      );
    } catch (error) {
      // Refused or unknown: the token is already expired or revoked, which is the goal.
      // Anything else leaves the login in place so that logout can be run again.
      const gone =
        error instanceof ManagerError && (error.code === 'unauthorized' || error.code === 'not_found');
      if (!gone) throw error;
    }
  }
  await writeConfig(path, { manager });
  process.stderr.write(`Logged out of ${manager}.\n`);
}
