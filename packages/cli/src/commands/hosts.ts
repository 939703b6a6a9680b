import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { useColour } from '../client/colour.ts';
import { hostsAnswerSchema } from '../client/host-rows.ts';
import { formatHostsTable, hostJson, sortHosts } from '../client/hosts-table.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';

type HostsOptions = ConnectionOptions & { format: 'table' | 'json' };

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
    const { manager, token } = await loadConnection(options);
    const { agents } = await new ManagerClient(manager, { token }).json('/api/agents', hostsAnswerSchema);
    const rows = sortHosts(agents);
    if (options.format === 'json') {
      process.stdout.write(rows.map((row) => `${JSON.stringify(hostJson(row))}\n`).join(''));
    } else {
      process.stdout.write(formatHostsTable(rows, Date.now(), useColour(process.stdout)));
    }
  });
}
