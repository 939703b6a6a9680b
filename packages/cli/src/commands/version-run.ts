import { managerStatusSchema } from '@bosun/protocol';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { CLI_VERSION } from '../version.ts';

/** The options of `bosun version`, as Commander parsed them. */
export type VersionOptions = ConnectionOptions & { format: 'table' | 'json' };

/** What `bosun version` does, loaded only when it runs. */
export async function runVersion(options: VersionOptions): Promise<void> {
  const json = options.format === 'json';
  if (!json) process.stdout.write(`bosun    ${CLI_VERSION}\n`);
  const { manager, token } = await loadConnection(options);
  const status = await new ManagerClient(manager, { token }).json('/api/status', managerStatusSchema);
  process.stdout.write(
    json
      ? `${JSON.stringify({ bosun: CLI_VERSION, manager: { url: manager, version: status.version } })}\n`
      : `manager  ${status.version} (${manager})\n`,
  );
}
