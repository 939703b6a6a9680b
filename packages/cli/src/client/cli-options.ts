import { type Command, Option } from 'commander';

/** `--config <file>`, or BOSUN_CONFIG: the file the login is kept in. */
export function configOption(): Option {
  return new Option('--config <file>', 'where the login is kept (default: ~/.config/bosun/cli.json)').env(
    'BOSUN_CONFIG',
  );
}

/**
 * The options every command that talks to the manager shares. The API token has no flag on
 * purpose: a flag shows up in `ps` and shell history, BOSUN_TOKEN and the config file do not.
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--manager <url>',
        'manager address, e.g. http://manager:7070 (default: the one logged in to)',
      ).env('BOSUN_MANAGER'),
    )
    .addOption(configOption())
    .addHelpText(
      'after',
      '\nEnvironment:\n  BOSUN_TOKEN    an API token to use instead of the saved login (needs --manager or BOSUN_MANAGER)\n',
    );
}
