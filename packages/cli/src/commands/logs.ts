import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { LogsOptions } from './logs-options.ts';

/**
 * `bosun logs TARGET…`: one `HOST/CONTAINER` prints its logs as `docker logs` does (stdout to
 * stdout, stderr to stderr, byte for byte); several targets or a pattern merge the logs of every
 * matching container by timestamp, prefixed with `host/container`. With `-f` the live stream
 * follows, without a duplicate or a hole between history and live.
 */
export function logsCommand(): Command {
  return withConnectionOptions(
    new Command('logs')
      .description(
        "Print containers' logs: one HOST/CONTAINER as docker logs does (byte for byte, stdout and stderr apart); several targets or patterns merged by timestamp, as docker compose logs does.",
      )
      .argument(
        '<targets...>',
        "HOST/CONTAINER (a container name, id or id prefix), either part may hold the globs * and ?; a bare CONTAINER means that name on any host: e.g. db-1/web, 'web-*', '*/worker'",
      )
      .addOption(
        new Option(
          '-f, --follow',
          'keep printing new lines, through restarts; with a pattern, of containers that appear too, until Ctrl-C',
        ).env('BOSUN_FOLLOW'),
      )
      .addOption(
        new Option('-n, --tail <lines>', 'number of lines from the end (of each container), or all')
          .default('all')
          .env('BOSUN_TAIL'),
      )
      .addOption(
        new Option('-t, --timestamps', "prefix each line with Docker's timestamp").env('BOSUN_TIMESTAMPS'),
      )
      .addOption(
        new Option(
          '--since <time>',
          'lines from this time on: RFC 3339, Unix seconds, or relative (10m, 2h)',
        ).env('BOSUN_SINCE'),
      )
      .addOption(
        new Option(
          '--until <time>',
          'lines up to this time: RFC 3339, Unix seconds, or relative (10m, 2h)',
        ).env('BOSUN_UNTIL'),
      )
      .addOption(
        new Option('-v, --verbose', 'notes on stderr for restarts and the end of the stream').env(
          'BOSUN_VERBOSE',
        ),
      )
      .addOption(
        new Option(
          '--grep <regex>',
          'print only lines this regular expression (JavaScript syntax) finds something in',
        ).env('BOSUN_GREP'),
      )
      .addOption(
        new Option('-i, --ignore-case', 'let --grep match regardless of case').env('BOSUN_IGNORE_CASE'),
      )
      .addOption(new Option('--stream <stream>', 'only the lines of stdout or of stderr').env('BOSUN_STREAM'))
      .addOption(
        new Option(
          '--level <levels>',
          'only lines of these levels, comma-separated: error, warn, info, debug, none (no level found)',
        ).env('BOSUN_LEVEL'),
      )
      .addOption(
        new Option('--prefix', 'prefix lines with host/container even for one container (on for several)'),
      )
      .addOption(new Option('--no-prefix', 'no host/container prefix, even for several containers'))
      .addOption(
        new Option(
          '--format <format>',
          'text; json (one object per line, decoded text and level); or ndjson, the export of one container (one object per entry as the manager holds it: ts, stream, text or base64, seq, host, container)',
        )
          .choices(['text', 'json', 'ndjson'])
          .default('text')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (targets: string[], options: LogsOptions) => {
    const { runLogs } = await import('./logs-run.ts');
    await runLogs(targets, options);
  });
}
