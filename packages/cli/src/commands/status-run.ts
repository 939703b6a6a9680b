import { managerStatusSchema } from '@bosun/protocol';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { formatStatus } from '../client/status-report.ts';

/** The options of `bosun status`, as Commander parsed them. */
export type StatusOptions = ConnectionOptions & { format: 'table' | 'json'; json?: boolean };

/** What `bosun status` does, loaded only when it runs. */
export async function runStatus(options: StatusOptions): Promise<void> {
  const { manager, token } = await loadConnection(options);
  const status = await new ManagerClient(manager, { token }).json('/api/status', managerStatusSchema);
  const json = options.json === true || options.format === 'json';
  process.stdout.write(json ? `${JSON.stringify(status)}\n` : formatStatus(status));
}
