import type { LogEntry, LogLine } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { grepFilter, type LineFilter } from '../client/grep-filter.ts';
import { HistoryDedup, HistoryTracker } from '../client/history-dedup.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type LineVerdict, LiveFollower } from '../client/live-follower.ts';
import { LogPrinter } from '../client/log-printer.ts';
import { type LogTime, lineNanos, parseLogTime } from '../client/log-time.ts';
import { logsSocketUrl } from '../client/manager-url.ts';
import { OutputSink } from '../client/output-sink.ts';
import { type ConnectionOptions, type LiveConnection, loadLiveConnection } from '../client/settings.ts';
import { type LogQuery, readStoredLogs } from '../client/stored-logs.ts';
import { parseTarget } from '../client/target.ts';
import { explainNotFound } from '../client/target-errors.ts';
import { UsageError } from '../exit-codes.ts';

type LogsOptions = ConnectionOptions & {
  follow?: boolean;
  tail: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
  verbose?: boolean;
  grep?: string;
  ignoreCase?: boolean;
};

/**
 * `bosun logs HOST/CONTAINER`: the stored logs as `docker logs` prints them (stdout to stdout,
 * stderr to stderr), then with `-f` the live stream, without a duplicate or a hole between them.
 */
export function logsCommand(): Command {
  return withConnectionOptions(
    new Command('logs')
      .description(
        "Print a container's logs as docker logs does: stdout to stdout, stderr to stderr, byte for byte.",
      )
      .argument('<target>', 'HOST/CONTAINER: the host name, then the container name, id or id prefix')
      .addOption(
        new Option(
          '-f, --follow',
          'keep printing new lines, through restarts, until the container is removed',
        ).env('BOSUN_FOLLOW'),
      )
      .addOption(
        new Option('-n, --tail <lines>', 'number of lines from the end, or all')
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
      ),
  ).action(async (targetArg: string, options: LogsOptions) => {
    const target = parseTarget(targetArg);
    const keep = parseGrep(options);
    const now = Date.now();
    const query: LogQuery = { ...target, tail: parseTail(options.tail) };
    if (options.since !== undefined) query.since = parseLogTime('--since', options.since, now);
    if (options.until !== undefined) query.until = parseLogTime('--until', options.until, now);
    const connection = await loadLiveConnection(options);
    await printLogs(connection, query, options, keep).catch((error: unknown) => {
      throw explainNotFound(error, target);
    });
  });
}

// Checked before anything is asked of the manager: a bad pattern is a usage error, exit 2.
function parseGrep(options: LogsOptions): LineFilter {
  if (options.grep === undefined) {
    if (options.ignoreCase) throw new UsageError('-i/--ignore-case applies to --grep, which is missing');
    return () => true;
  }
  const compiled = compileLinePattern({
    query: options.grep,
    regex: true,
    caseSensitive: options.ignoreCase !== true,
  });
  if (!compiled.ok) throw new UsageError(`--grep: ${compiled.message}`);
  return grepFilter(compiled.matcher);
}

function parseTail(value: string): number | 'all' {
  if (value === 'all') return 'all';
  if (!/^\d{1,9}$/.test(value))
    throw new UsageError(`-n/--tail expects a number of lines or all; got ${JSON.stringify(value)}`);
  return Number(value);
}

async function printLogs(
  connection: LiveConnection,
  query: LogQuery,
  options: LogsOptions,
  keep: LineFilter,
): Promise<void> {
  const sink = new OutputSink(process.stdout, process.stderr);
  const printer = new LogPrinter(sink, {
    timestamps: options.timestamps ?? false,
    verbose: options.verbose ?? false,
  });
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const history = new HistoryTracker();
    // `-f -n 0` prints no history, but still needs where it ends: the live replay must not print it.
    const silent = options.follow === true && query.tail === 0;
    const historyQuery = silent ? { ...query, tail: 1 } : query;
    const complete = await readHistory(connection, historyQuery, sink, interrupt.signal, (entry) => {
      if (entry.kind !== 'line') {
        if (!silent) printer.marker(entry);
        return;
      }
      history.add(entry.stream, entry.ts);
      if (!silent && keep(entry)) printer.line(entry);
    });
    if (!complete || !options.follow || interrupt.signal.aborted) return;
    if (query.until && query.until.nanos <= BigInt(Date.now()) * 1_000_000n) return;
    await followLive(connection, query, {
      printer,
      sink,
      signal: interrupt.signal,
      dedup: new HistoryDedup(history.mark),
      keep,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sink.finish();
  }
  if (sink.error) throw sink.error;
}

/** The stored logs; false when the reader went away or the user interrupted. */
async function readHistory(
  connection: LiveConnection,
  query: LogQuery,
  sink: OutputSink,
  signal: AbortSignal,
  onEntry: (entry: LogEntry) => void,
): Promise<boolean> {
  const client = new ManagerClient(connection.manager, { token: connection.tokens.current() });
  try {
    return await readStoredLogs(client, query, sink, onEntry, signal);
  } catch (error) {
    // Ctrl-C during the read is how a person stops it, not a failure.
    if (signal.aborted) return false;
    throw error;
  }
}

type FollowParts = {
  printer: LogPrinter;
  sink: OutputSink;
  signal: AbortSignal;
  dedup: HistoryDedup;
  keep: LineFilter;
};

async function followLive(connection: LiveConnection, query: LogQuery, parts: FollowParts): Promise<void> {
  const { keep, dedup, ...rest } = parts;
  const { manager, tokens } = connection;
  const follower = new LiveFollower({
    socketUrl: logsSocketUrl(manager),
    tokens,
    host: query.host,
    container: query.container,
    judge: (line) => judge(line, dedup, query.since, query.until, keep),
    ...rest,
  });
  const untilTimer = query.until ? endAt(query.until, () => follower.stop('ended')) : undefined;
  // A follow may outlive its token's half-life (or its whole life): it renews the saved token itself.
  const stopRenewing = tokens.keepRenewed();
  try {
    await follower.run();
  } finally {
    if (untilTimer) clearTimeout(untilTimer);
    stopRenewing();
  }
}

function judge(
  line: LogLine,
  dedup: HistoryDedup,
  since: LogTime | undefined,
  until: LogTime | undefined,
  keep: LineFilter,
): LineVerdict {
  if (!dedup.accept(line.stream, line.ts)) return 'skip';
  if (since && lineNanos(line.ts) < since.nanos) return 'skip';
  if (until && lineNanos(line.ts) > until.nanos) return 'stop';
  return keep(line) ? 'print' : 'skip';
}

// --until in the future ends the follow then, even when the container writes nothing more.
function endAt(until: LogTime, end: () => void): NodeJS.Timeout {
  const ms = Number(until.nanos / 1_000_000n) - Date.now();
  return setTimeout(end, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
}
