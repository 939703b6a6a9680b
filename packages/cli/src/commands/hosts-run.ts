import { useColour } from '../client/colour.ts';
import { hostsAnswerSchema } from '../client/host-rows.ts';
import { formatHostsTable, hostJson, sortHosts } from '../client/hosts-table.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';

/** The options of `bosun hosts`, as Commander parsed them. */
export type HostsOptions = ConnectionOptions & { format: 'table' | 'json' };

/** What `bosun hosts` does, loaded only when it runs. */
export async function runHosts(options: HostsOptions): Promise<void> {
  const { manager, token } = await loadConnection(options);
  const { agents } = await new ManagerClient(manager, { token }).json('/api/agents', hostsAnswerSchema);
  const rows = sortHosts(agents);
  if (options.format === 'json') {
    process.stdout.write(rows.map((row) => `${JSON.stringify(hostJson(row))}\n`).join(''));
  } else {
    process.stdout.write(formatHostsTable(rows, Date.now(), useColour(process.stdout)));
  }
}
