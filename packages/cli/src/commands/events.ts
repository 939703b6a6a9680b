import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';

/** What `bosun events` takes. */
export type EventsOptions = {
  manager?: string;
  config?: string;
  follow?: boolean;
  host: string[];
  type: string[];
  /** `table` (the name every command shares, so one BOSUN_FORMAT fits all): readable lines. */
  format: 'table' | 'json';
  verbose?: boolean;
};

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `bosun events [-f]`: the fleet as events. Without `-f`, the current state (one event per host,
 * then per container) and exit; with `-f`, what changes from now on, until Ctrl-C.
 */
export function eventsCommand(): Command {
  return withConnectionOptions(
    new Command('events')
      .description(
        "Print the fleet's events: without -f the current state as events (each host, then each container), with -f every change as it happens.",
      )
      .addOption(
        new Option(
          '-f, --follow',
          'print changes as they happen, until Ctrl-C; a lost connection is reopened (changes meanwhile are not replayed)',
        ).env('BOSUN_FOLLOW'),
      )
      .addOption(
        new Option('--host <name>', 'only events of this host (repeat for more)')
          .default([])
          .argParser(collect),
      )
      .addOption(
        new Option(
          '--type <type>',
          'only events of this type, or family: agent, docker, container, container.upserted, ... (repeat for more)',
        )
          .default([])
          .argParser(collect),
      )
      .addOption(
        new Option('--format <format>', 'table (readable lines), or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      )
      .addOption(
        new Option('-v, --verbose', 'a note on stderr once the live stream is open').env('BOSUN_VERBOSE'),
      ),
  ).action(async (options: EventsOptions) => {
    const { runEvents } = await import('./events-run.ts');
    await runEvents(options);
  });
}
