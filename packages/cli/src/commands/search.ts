import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { SearchOptions } from './search-run.ts';

/** `bosun search`: the manager's stored lines that match, across hosts and containers. */
export function searchCommand(): Command {
  return withConnectionOptions(
    new Command('search')
      .description(
        "Search the manager's stored logs across hosts and containers, removed ones included; prints host/container timestamp line, oldest first.",
      )
      .argument('<query>', 'the text to find (a substring; a regular expression with --regex)')
      .argument(
        '[targets...]',
        'HOST or HOST/CONTAINER (a name, id prefix or identity such as shop/web#1) to search in',
      )
      .addOption(new Option('--regex', 'the query is a regular expression'))
      .addOption(new Option('--case-sensitive', 'match case (ignored by default)'))
      .addOption(
        new Option(
          '--since <time>',
          'only lines since: a duration back from now (1h, 7d), RFC 3339 or Unix seconds',
        ).default('24h'),
      )
      .addOption(new Option('--until <time>', 'only lines before: the same forms as --since'))
      .addOption(new Option('--host <host>', 'only this host (repeatable)').argParser(collect))
      .addOption(new Option('--stream <stream>', 'only this stream').choices(['stdout', 'stderr']))
      .addOption(new Option('--level <level>', 'only lines of this level (repeatable)').argParser(collect))
      .addOption(
        new Option('-n, --limit <n>', 'at most this many hits, the newest (up to 1000)').default('100'),
      )
      .addOption(new Option('-v, --verbose', 'print the hits per container on stderr'))
      .addOption(
        new Option('--format <format>', 'text, or json (one hit per line)')
          .choices(['text', 'json'])
          .default('text')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (query: string, targets: string[], options: SearchOptions) => {
    const { runSearch } = await import('./search-run.ts');
    await runSearch(query, targets, options);
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
