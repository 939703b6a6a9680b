import { managerStatusSchema } from '@bosun/protocol';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { CLI_VERSION } from '../version.ts';

type VersionOptions = ConnectionOptions & { format: 'table' | 'json' };

/**
 * `bosun version`: this command's version, then the manager's (`GET /api/status`), as `docker
 * version` shows client and server. The command's own line comes first, so it is there even when
 * the manager cannot be asked; that failure is then the command's error and exit code.
 */
export function versionCommand(): Command {
  return withConnectionOptions(
    new Command('version')
      .description(
        "Show the version of bosun and of the manager it is logged in to (bosun -V: bosun's alone).",
      )
      .addOption(
        new Option('--format <format>', 'table (labelled lines), or json (one object)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: VersionOptions) => {
    const json = options.format === 'json';
    if (!json) process.stdout.write(`bosun    ${CLI_VERSION}\n`);
    const { manager, token } = await loadConnection(options);
    const status = await new ManagerClient(manager, { token }).json('/api/status', managerStatusSchema);
    process.stdout.write(
      json
        ? `${JSON.stringify({ bosun: CLI_VERSION, manager: { url: manager, version: status.version } })}\n`
        : `manager  ${status.version} (${manager})\n`,
    );
  });
}
