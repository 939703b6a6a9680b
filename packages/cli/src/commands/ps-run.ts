import { useColour } from '../client/colour.ts';
import { containersAnswerSchema } from '../client/container-rows.ts';
import { ManagerClient } from '../client/http-client.ts';
import { formatTable, isUp, sortRows } from '../client/ps-table.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { parseHost } from '../client/target.ts';
import { ManagerError } from '../exit-codes.ts';

/** The options of `bosun ps`, as Commander parsed them. */
export type PsOptions = ConnectionOptions & { all?: boolean; format: 'table' | 'json' };

/** What `bosun ps [HOST]` does, loaded only when it runs. */
export async function runPs(hostArg: string | undefined, options: PsOptions): Promise<void> {
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
}
