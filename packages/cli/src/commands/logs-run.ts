import { generationMarkerText, type LogLine, type StoredStreamView } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import {
  type HistoryHandlers,
  type HistoryRead,
  type HistorySource,
  readContainerHistory,
} from '../client/container-history.ts';
import { runFleetTail } from '../client/fleet-tail/fleet-tail-run.ts';
import {
  allOf,
  levelFilter,
  parseLevelOption,
  parseStreamOption,
  streamFilter,
} from '../client/fleet-tail/line-filters.ts';
import { parseTargetPattern } from '../client/fleet-tail/target-pattern.ts';
import { GenerationWatch } from '../client/generation-watch.ts';
import { grepFilter, type LineFilter } from '../client/grep-filter.ts';
import { HistoryDedup, HistoryTracker } from '../client/history-dedup.ts';
import { ManagerClient } from '../client/http-client.ts';
import {
  type LineSelection,
  lineSelection,
  type SelectionOptions,
  selectionFilter,
} from '../client/line-selection.ts';
import { type FollowEnd, LiveFollower } from '../client/live-follower.ts';
import { judgeLiveLine } from '../client/live-judge.ts';
import { LogPrinter } from '../client/log-printer.ts';
import { type LogTime, parseLogTime } from '../client/log-time.ts';
import { logsSocketUrl } from '../client/manager-url.ts';
import { NdjsonPrinter } from '../client/ndjson-export.ts';
import { OutputSink } from '../client/output-sink.ts';
import { type LiveConnection, loadLiveConnection } from '../client/settings.ts';
import type { LogQuery } from '../client/stored-logs.ts';
import { parseTarget } from '../client/target.ts';
import { explainNotFound } from '../client/target-errors.ts';
import { UsageError } from '../exit-codes.ts';
import type { LogsOptions } from './logs-options.ts';

/**
 * `bosun logs TARGET…` once commander parsed it. Exactly one plain `HOST/CONTAINER` (no pattern,
 * no forced prefix, text output) is `docker logs`, byte for byte, on stdout and stderr apart;
 * anything else is the fleet tail (`runFleetTail`). The filters apply to both.
 */
export async function runLogs(targetArgs: readonly string[], options: LogsOptions): Promise<void> {
  const patterns = targetArgs.map(parseTargetPattern);
  const selection = selectionOf(options);
  const now = Date.now();
  const tail = parseTail(options.tail);
  const since = options.since === undefined ? undefined : parseLogTime('--since', options.since, now);
  const until = options.until === undefined ? undefined : parseLogTime('--until', options.until, now);
  const single =
    patterns.length === 1 && !patterns[0]?.pattern && options.prefix !== true && options.format !== 'json';
  if (!single && options.format === 'ndjson') {
    throw new UsageError('--format ndjson exports one container: name one HOST/CONTAINER, no pattern');
  }
  if (!single) {
    const connection = await loadLiveConnection(options);
    await runFleetTail(connection, {
      targets: patterns,
      follow: options.follow === true,
      tail,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      selection,
      timestamps: options.timestamps === true,
      verbose: options.verbose === true,
      json: options.format === 'json',
      prefix: options.prefix,
    });
    return;
  }
  const target = parseTarget(targetArgs[0] as string);
  const query: LogQuery = { ...target, tail };
  if (since) query.since = since;
  if (until) query.until = until;
  const connection = await loadLiveConnection(options);
  await printLogs(connection, query, options, selection).catch((error: unknown) => {
    throw explainNotFound(error, target);
  });
}

// Checked before anything is asked of the manager: a bad value is a usage error, exit 2.
function selectionOf(options: LogsOptions): LineSelection {
  const filters: LineFilter[] = [];
  const chosen: SelectionOptions = {};
  if (options.stream !== undefined) {
    chosen.stream = parseStreamOption(options.stream);
    filters.push(streamFilter(chosen.stream));
  }
  if (options.level !== undefined) {
    chosen.levels = parseLevelOption(options.level);
    filters.push(levelFilter(chosen.levels));
  }
  if (options.grep !== undefined || options.ignoreCase) {
    filters.push(parseGrep(options));
    if (options.grep !== undefined)
      chosen.grep = { pattern: options.grep, caseSensitive: options.ignoreCase !== true };
  }
  return lineSelection(allOf(filters), selectionFilter(chosen));
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

/**
 * How long `-f` waits, once its container is gone, for the next container of the same identity:
 * `docker compose up` has created it before removing the old one, and `docker rm` then
 * `docker run --name` takes a moment. Past it the follow ends, as `docker logs -f` does.
 */
const RECREATE_WAIT_MS = 10_000;

async function printLogs(
  connection: LiveConnection,
  query: LogQuery,
  options: LogsOptions,
  selection: LineSelection,
): Promise<void> {
  const sink = new OutputSink(process.stdout, process.stderr);
  const verbose = options.verbose ?? false;
  const printer =
    options.format === 'ndjson'
      ? new NdjsonPrinter(sink, { host: query.host, container: query.container }, { verbose })
      : new LogPrinter(sink, { timestamps: options.timestamps ?? false, verbose });
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const parts = { printer, sink, signal: interrupt.signal, selection };
    // `-f` follows the container's identity: a recreated container's lines go on after a marker.
    const watch = options.follow
      ? await GenerationWatch.start(() => clientOf(connection), query.host, query.container)
      : undefined;
    let ended = await printGeneration(connection, query, options, parts);
    while (ended && watch && !interrupt.signal.aborted) {
      printer.info(
        `the container is gone; waiting up to ${RECREATE_WAIT_MS / 1000} s for the next container of ${watch.identity}`,
      );
      sink.flush();
      const next = await watch.next(interrupt.signal, RECREATE_WAIT_MS);
      if (!next) break;
      printer.note(generationMarkerText(next));
      const nextQuery: LogQuery = { ...query, container: next.containerId, tail: 'all' };
      ended = await printGeneration(connection, nextQuery, options, parts);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sink.finish();
  }
  if (sink.error) throw sink.error;
}

type PrintParts = { printer: LogPrinter; sink: OutputSink; signal: AbortSignal; selection: LineSelection };

/**
 * One container's logs: its history, then with `-f` the live stream. True when the follow ended
 * because the stream did (the container went), not the user, the reader or --until.
 */
async function printGeneration(
  connection: LiveConnection,
  query: LogQuery,
  options: LogsOptions,
  { printer, sink, signal, selection }: PrintParts,
): Promise<boolean> {
  const history = new HistoryTracker();
  // `-f -n 0` prints no history, but still needs where it ends: the live replay must not print it.
  const silent = options.follow === true && query.tail === 0;
  const historyQuery = silent ? { ...query, tail: 1 } : query;
  // An export keeps only the store's and the live stream's seqs, so it needs each line's source.
  const printLine =
    printer instanceof NdjsonPrinter
      ? (line: LogLine, source: HistorySource) => printer.line(line, source)
      : (line: LogLine) => printer.line(line);
  const handlers: HistoryHandlers = {
    entry: (entry, source) => {
      if (entry.kind !== 'line') {
        if (!silent) printer.marker(entry);
        return;
      }
      // Counted as the live replay will send it: a filtering manager sends only these.
      if (!selection.sent(entry)) return;
      history.add(entry.stream, entry.ts);
      if (!silent && selection.keep(entry)) printLine(entry, source);
    },
  };
  if (printer instanceof NdjsonPrinter) handlers.stream = (stream) => printer.named(stream);
  handlers.offline = (stream) => printer.note(offlineNote(query.host, stream));
  handlers.note = (text) => printer.note(text);
  // `-f` against an offline host fails as it always has: nothing can be followed until it is back.
  const { complete, removed } = await readHistory(connection, historyQuery, sink, signal, handlers, {
    preferStore: options.format === 'ndjson',
    offlineFromStore: options.follow !== true,
  });
  // A removed container's lines came from the log store: there is nothing live to follow.
  if (!complete || removed || !options.follow || signal.aborted) return false;
  if (query.until && query.until.nanos <= BigInt(Date.now()) * 1_000_000n) return false;
  const end = await followLive(connection, query, {
    printer,
    sink,
    signal,
    dedup: new HistoryDedup(history.mark),
    selection,
  });
  return end === 'ended' && !(query.until && query.until.nanos <= BigInt(Date.now()) * 1_000_000n);
}

// What a read of an offline host's container says on stderr before the store's lines.
function offlineNote(host: string, stream: StoredStreamView): string {
  const upTo = stream.lastTs === null ? 'it holds none' : `up to ${stream.lastTs}`;
  return `host ${host} is offline: these are the stored lines of ${stream.containerName}, ${upTo}`;
}

function clientOf(connection: LiveConnection): ManagerClient {
  return new ManagerClient(connection.manager, { token: connection.tokens.current() });
}

/** The container's history; not complete when the reader went away or the user interrupted. */
async function readHistory(
  connection: LiveConnection,
  query: LogQuery,
  sink: OutputSink,
  signal: AbortSignal,
  handlers: HistoryHandlers,
  options: { preferStore: boolean; offlineFromStore: boolean },
): Promise<HistoryRead> {
  try {
    return await readContainerHistory(clientOf(connection), query, sink, handlers, { signal, ...options });
  } catch (error) {
    // Ctrl-C during the read is how a person stops it, not a failure.
    if (signal.aborted) return { complete: false, removed: false };
    throw error;
  }
}

type FollowParts = {
  printer: LogPrinter;
  sink: OutputSink;
  signal: AbortSignal;
  dedup: HistoryDedup;
  selection: LineSelection;
};

async function followLive(
  connection: LiveConnection,
  query: LogQuery,
  parts: FollowParts,
): Promise<FollowEnd> {
  const { selection, dedup, ...rest } = parts;
  const { manager, tokens } = connection;
  const follower = new LiveFollower({
    socketUrl: logsSocketUrl(manager),
    tokens,
    host: query.host,
    container: query.container,
    judge: (line) => judgeLiveLine(line, dedup, { since: query.since, until: query.until }, selection),
    ...(selection.filter ? { filter: selection.filter } : {}),
    ...rest,
  });
  const untilTimer = query.until ? endAt(query.until, () => follower.stop('ended')) : undefined;
  // A follow may outlive its token's half-life (or its whole life): it renews the saved token itself.
  const stopRenewing = tokens.keepRenewed();
  try {
    return await follower.run();
  } finally {
    if (untilTimer) clearTimeout(untilTimer);
    stopRenewing();
  }
}

// --until in the future ends the follow then, even when the container writes nothing more.
function endAt(until: LogTime, end: () => void): NodeJS.Timeout {
  const ms = Number(until.nanos / 1_000_000n) - Date.now();
  return setTimeout(end, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
}
