import { managerStatusSchema } from '@bosun/protocol';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { formatStatus } from '../client/status-report.ts';

type StatusOptions = ConnectionOptions & { json?: boolean };

/** `bosun status`: the manager at a glance (`GET /api/status`), for people, or as JSON. */
export function statusCommand(): Command {
  return withConnectionOptions(
    new Command('status')
      .description(
        'Show the manager at a glance: version, uptime, store, agents, streams, viewers, reads, traffic, memory.',
      )
      .addOption(new Option('--json', 'print the answer as one JSON object')),
  ).action(async (options: StatusOptions) => {
    const { manager, token } = await loadConnection(options);
    const status = await new ManagerClient(manager, { token }).json('/api/status', managerStatusSchema);
    process.stdout.write(options.json ? `${JSON.stringify(status)}\n` : formatStatus(status));
  });
}
