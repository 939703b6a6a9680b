import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { HostsOptions } from './hosts-run.ts';

/** `bosun hosts`: every host with its state, last contact, containers, agent version and facts. */
export function hostsCommand(): Command {
  return withConnectionOptions(
    new Command('hosts')
      .description(
        'List the hosts: state (outdated agents to upgrade), last seen, containers running/total, agent and Docker versions, CPUs, memory, OS.',
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
