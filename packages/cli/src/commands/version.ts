import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { VersionOptions } from './version-run.ts';

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
    const { runVersion } = await import('./version-run.ts');
    await runVersion(options);
  });
}
