import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { HostsOptions } from './hosts-run.ts';

/** `bosun hosts`: every host with its state, its agent's version (and whether to upgrade it) and its containers. */
export function hostsCommand(): Command {
  return withConnectionOptions(
    new Command('hosts')
      .description(
        'List the hosts: online or not, their agent version (outdated ones to upgrade), their containers.',
      )
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: HostsOptions) => {
    const { runHosts } = await import('./hosts-run.ts');
    await runHosts(options);
  });
}
