import { Command, Option } from 'commander';
import { configOption } from '../client/cli-options.ts';
import type { LoginOptions } from './login-run.ts';

/**
 * `bosun login`: logs in with a password (asked without echo, or from BOSUN_PASSWORD), keeps an
 * API token in the config file for the other commands and revokes the token of the previous login.
 */
export function loginCommand(): Command {
  return new Command('login')
    .description('Log in to a manager and keep an API token (in a 0600 file) for the other commands.')
    .addOption(
      new Option('--manager <url>', 'manager address, e.g. http://manager:7070 (default: the last one)').env(
        'BOSUN_MANAGER',
      ),
    )
    .addOption(new Option('--user <name>', 'user name').default('admin').env('BOSUN_USER'))
    .addOption(configOption())
    .addHelpText(
      'after',
      '\nThe password is asked for without echo, or read from BOSUN_PASSWORD (never a flag: flags show in ps).\n',
    )
    .action(async (options: LoginOptions) => {
      const { runLogin } = await import('./login-run.ts');
      await runLogin(options);
    });
}
