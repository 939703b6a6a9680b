import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { useColour } from '../client/colour.ts';
import { containersAnswerSchema } from '../client/container-rows.ts';
import { ManagerClient } from '../client/http-client.ts';
import { formatTable, isUp, sortRows } from '../client/ps-table.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { parseHost } from '../client/target.ts';
import { ManagerError } from '../exit-codes.ts';

type PsOptions = ConnectionOptions & { all?: boolean; format: 'table' | 'json' };

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
    const host = hostArg === undefined ? undefined : parseHost(hostArg);
    const { manager, token } = await loadConnection(options);
    const query = host === undefined ? '' : `?${new URLSearchParams({ agent: host })}`;
    const { containers } = await new ManagerClient(manager, { token })
      .json(`/api/containers${query}`, containersAnswerSchema)
      .catch((error: unknown) => {
        if (error instanceof ManagerError && error.code === 'not_found' && host !== undefined) {
          throw new ManagerError('not_found', `no such host ${host}`, error.status);
        }
        throw error;
      });
    const rows = sortRows(options.all ? containers : containers.filter(isUp));
    if (options.format === 'json') {
      process.stdout.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    } else {
      process.stdout.write(formatTable(rows, Date.now(), useColour(process.stdout)));
    }
  });
}
