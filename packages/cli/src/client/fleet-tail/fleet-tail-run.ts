import type { LogEntry } from '@bosun/protocol';
import { ManagerError } from '../../exit-codes.ts';
import { useColour } from '../colour.ts';
import { containersAnswerSchema } from '../container-rows.ts';
import { HistoryTracker } from '../history-dedup.ts';
import { ManagerClient } from '../http-client.ts';
import type { LineSelection } from '../line-selection.ts';
import type { LogTime } from '../log-time.ts';
import { OutputSink } from '../output-sink.ts';
import type { LiveConnection } from '../settings.ts';
import { FleetFollow } from './fleet-follow.ts';
import { FleetOutput } from './fleet-output.ts';
import { SourcePrinter } from './source-printer.ts';
import { HISTORY_BUFFER, readStoredInTurn } from './stored-in-turn.ts';
import { mergeStoredLogs } from './stored-merge.ts';
import { MAX_STORED_READS, type StoredRead } from './stored-read.ts';
import { type TailSource, tailSource } from './tail-source.ts';
import { matchContainers, type TargetPattern } from './target-pattern.ts';

/** A fleet tail as the command line asked for it, checked. */
export type FleetTailRequest = {
  targets: readonly TargetPattern[];
  follow: boolean;
  tail: number | 'all';
  since?: LogTime;
  until?: LogTime;
  /** What is printed, and what the live subscriptions ask the manager for. */
  selection: LineSelection;
  timestamps: boolean;
  verbose: boolean;
  json: boolean;
  /** The `host/container` prefix; undefined picks it: on whenever more than one container can match. */
  prefix: boolean | undefined;
};

/**
 * `bosun logs` with several targets or a pattern: the stored logs of every matching container
 * merged by timestamp, then with `-f` the live lines of those and of every matching container
 * that appears, until Ctrl-C (or, when only named containers were asked for, until they all ended).
 */
export async function runFleetTail(connection: LiveConnection, request: FleetTailRequest): Promise<void> {
  const client = () => new ManagerClient(connection.manager, { token: connection.tokens.current() });
  const list = async (): Promise<TailSource[]> => {
    const { containers } = await client().json('/api/containers', containersAnswerSchema);
    return matchContainers(request.targets, containers).map(tailSource);
  };
  const sources = await list();
  checkMatches(request, sources);
  const sink = new OutputSink(process.stdout, process.stderr);
  const output = new FleetOutput(sink, {
    json: request.json,
    prefix: request.prefix ?? (request.targets.length > 1 || request.targets.some((t) => t.pattern)),
    colour: useColour(process.stdout),
    timestamps: request.timestamps,
  });
  for (const source of sources) output.addSource(source);
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const trackers = new Map(sources.map((source) => [source.id, new HistoryTracker()]));
    const complete = await printHistory(
      client(),
      sources.map((source) => storedRead(source, request, sink, trackers.get(source.id))),
      (source, entry) => output.write(source, entry),
      sink,
      interrupt.signal,
    ).catch((error: unknown) => {
      // Ctrl-C during the read is how a person stops it, not a failure.
      if (interrupt.signal.aborted) return false;
      throw error;
    });
    if (!complete || !request.follow || interrupt.signal.aborted) return;
    if (request.until && request.until.nanos <= BigInt(Date.now()) * 1_000_000n) return;
    const follow = new FleetFollow({
      connection,
      list,
      ...(request.since ? { since: request.since } : {}),
      ...(request.until ? { until: request.until } : {}),
      selection: request.selection,
      print: { timestamps: request.timestamps, verbose: request.verbose, json: request.json },
      sink,
      output,
      signal: interrupt.signal,
      endWhenAllEnded: request.targets.every((target) => !target.pattern),
    });
    for (const source of sources) follow.adopt(source, trackers.get(source.id) ?? new HistoryTracker());
    await follow.run();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sink.finish();
  }
  if (sink.error) throw sink.error;
}

// Within the manager's per-user read limit: a streaming merge when every read can run at once,
// otherwise reads in turn, merged while what they hold fits `HISTORY_BUFFER`.
function printHistory(
  client: ManagerClient,
  reads: readonly StoredRead[],
  write: (source: TailSource, entry: LogEntry) => void,
  sink: OutputSink,
  signal: AbortSignal,
): Promise<boolean> {
  if (reads.length <= MAX_STORED_READS) return mergeStoredLogs(client, reads, write, sink, signal);
  const limits = { reads: MAX_STORED_READS, ...HISTORY_BUFFER };
  return readStoredInTurn(client, reads, write, sink, signal, limits, () => {
    const mib = HISTORY_BUFFER.bytes / 1024 / 1024;
    sink.add('stderr', [
      Buffer.from(
        `bosun: the stored logs of these ${reads.length} containers pass ${HISTORY_BUFFER.lines.toLocaleString('en')} lines or ${mib} MiB, ` +
          'too much to merge by time: they are printed one container after another, each complete\n',
      ),
    ]);
  });
}

// A named container that is not there is an error, as for one target; a pattern may match nothing
// yet while following (the tail waits for it), but not in a read of what is stored.
function checkMatches(request: FleetTailRequest, sources: readonly TailSource[]): void {
  for (const target of request.targets) {
    const found = matchContainers([target], sources.map(asListed));
    if (found.length > 0 || (target.pattern && request.follow)) continue;
    throw new ManagerError(
      'not_found',
      target.pattern ? `no container matches ${target.text}` : `no such container ${target.text}`,
    );
  }
  if (sources.length === 0) {
    process.stderr.write('bosun: no container matches yet; waiting for one (Ctrl-C to stop)\n');
  }
}

function asListed(source: TailSource) {
  return { agentName: source.host, name: source.container, id: source.id };
}

function storedRead(
  source: TailSource,
  request: FleetTailRequest,
  sink: OutputSink,
  tracker: HistoryTracker | undefined,
): StoredRead {
  // `-f -n 0` prints no history but still needs where it ends, so the live replay skips it.
  const silent = request.follow && request.tail === 0;
  const printer = new SourcePrinter(
    sink,
    { timestamps: request.timestamps, verbose: request.verbose, json: request.json },
    source,
    () => {},
  );
  return {
    source,
    query: {
      host: source.host,
      container: source.id,
      tail: silent ? 1 : request.tail,
      ...(request.since ? { since: request.since } : {}),
      ...(request.until ? { until: request.until } : {}),
    },
    onEntry: (entry: LogEntry) => {
      if (entry.kind !== 'line') {
        if (silent) return false;
        if (!request.json) printer.marker(entry);
        return request.json;
      }
      // Counted as the live replay will send it: a filtering manager sends only these.
      if (!request.selection.sent(entry)) return false;
      tracker?.add(entry.stream, entry.ts);
      return !silent && request.selection.keep(entry);
    },
    onGone: () => printer.info('the container was removed before its logs were read'),
  };
}
