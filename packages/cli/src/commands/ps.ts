import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { PsOptions } from './ps-run.ts';

/** `bosun ps [HOST]`: the containers of every host (or one), as a table or JSON lines. */
export function psCommand(): Command {
  return withConnectionOptions(
    new Command('ps')
      .description('List the containers of every host, or of one.')
      .argument('[host]', 'only this host (its name or id)')
      .addOption(new Option('-a, --all', 'also containers that are not running').env('BOSUN_PS_ALL'))
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (hostArg: string | undefined, options: PsOptions) => {
    const { runPs } = await import('./ps-run.ts');
    await runPs(hostArg, options);
  });
}
