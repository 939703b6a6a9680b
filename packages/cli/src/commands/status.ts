import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { StatusOptions } from './status-run.ts';

/** `bosun status`: the manager at a glance (`GET /api/status`), for people, or as JSON. */
export function statusCommand(): Command {
  return withConnectionOptions(
    new Command('status')
      .description(
        'Show the manager at a glance: version, uptime, store, agents, streams, viewers, reads, traffic, memory.',
      )
      .addOption(
        new Option('--format <format>', 'table (labelled lines), or json (one object)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      )
      // The flag before `--format json` was the one JSON flag of every command; kept, unlisted.
      .addOption(new Option('--json', 'same as --format json (deprecated)').hideHelp()),
  ).action(async (options: StatusOptions) => {
    const { runStatus } = await import('./status-run.ts');
    await runStatus(options);
  });
}
