import { Command } from 'commander';
import { configOption } from '../client/cli-options.ts';
import type { LogoutOptions } from './logout-run.ts';

/**
 * `bosun logout`: revokes the saved API token on the manager and forgets it, keeping the
 * manager's address for the next login.
 */
export function logoutCommand(): Command {
  return new Command('logout')
    .description("Revoke the saved API token on the manager and forget it (the manager's address is kept).")
    .addOption(configOption())
    .action(async (options: LogoutOptions) => {
      const { runLogout } = await import('./logout-run.ts');
      await runLogout(options);
    });
}
