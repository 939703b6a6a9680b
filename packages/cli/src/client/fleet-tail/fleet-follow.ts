import { dockerTimestampToUnixNanos, type LogEntry, type LogLine } from '@bosun/protocol';
import { ManagerError } from '../../exit-codes.ts';
import { HistoryDedup, HistoryTracker } from '../history-dedup.ts';
import type { LineSelection } from '../line-selection.ts';
import { type LineVerdict, LiveFollower } from '../live-follower.ts';
import type { LogTime } from '../log-time.ts';
import { logsSocketUrl } from '../manager-url.ts';
import type { OutputSink } from '../output-sink.ts';
import type { LiveConnection } from '../settings.ts';
import type { FleetOutput } from './fleet-output.ts';
import { watchFleet } from './fleet-watch.ts';
import { FLEET_REORDER_LIMITS, ReorderWindow } from './reorder-window.ts';
import { SourcePrinter } from './source-printer.ts';
import type { TailSource } from './tail-source.ts';

/** What the live part of the fleet tail needs. */
export type FleetFollowOptions = {
  connection: LiveConnection;
  /** The containers the targets match now; called again whenever the fleet changed. */
  list(): Promise<TailSource[]>;
  since?: LogTime;
  until?: LogTime;
  /** What is printed, and what each live subscription asks the manager for. */
  selection: LineSelection;
  print: { timestamps: boolean; verbose: boolean; json: boolean };
  sink: OutputSink;
  output: FleetOutput;
  signal: AbortSignal;
  /** End once every followed stream ended (only named containers, no pattern, were asked for). */
  endWhenAllEnded: boolean;
};

/** A container the tail follows: where its printed lines end, and whether a follower runs. */
type Followed = { source: TailSource; tracker: HistoryTracker; lastKey: bigint; running: boolean };

type Merged = { source: TailSource; entry: LogEntry };

// Each followed container holds one logs socket (a quarter of the manager's per-user default).
const MAX_FOLLOWED = 64;

/**
 * The live part of the fleet tail: one `LiveFollower` per container (its reconnects, resume by
 * seq and `HistoryDedup` against what was printed), their lines merged by Docker timestamp in a
 * `ReorderWindow`. The fleet events (`watchFleet`) make it read the container list again, so
 * containers that appear and match are followed from the first line the manager holds, and a
 * container whose stream ended is followed again, without repeats, should it come back.
 */
export class FleetFollow {
  readonly #options: FleetFollowOptions;
  readonly #followed = new Map<string, Followed>();
  readonly #window: ReorderWindow<Merged>;
  readonly #stop = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #listing: Promise<void> | undefined;
  #listAgain = false;
  #failure: unknown;
  #toldFull = false;

  constructor(options: FleetFollowOptions) {
    this.#options = options;
    this.#window = new ReorderWindow(FLEET_REORDER_LIMITS, ({ source, entry }) =>
      options.output.write(source, entry),
    );
  }

  /** A container whose history was printed: its live stream starts where that ended. */
  adopt(source: TailSource, tracker: HistoryTracker): void {
    this.#followed.set(source.id, { source, tracker, lastKey: 0n, running: false });
  }

  /** Follows until the signal, `--until`, a broken output or (see `endWhenAllEnded`) the last stream's end. */
  async run(): Promise<void> {
    const { signal, until } = this.#options;
    const stop = () => this.#stop.abort();
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    const untilTimer = until ? endAt(until, stop) : undefined;
    const stopRenewing = this.#options.connection.tokens.keepRenewed();
    for (const followed of this.#followed.values()) this.#start(followed);
    const watching = watchFleet({
      manager: this.#options.connection.manager,
      tokens: this.#options.connection.tokens,
      signal: this.#stop.signal,
      onChange: () => this.#relist(),
    });
    try {
      await new Promise<void>((resolve) => {
        if (this.#stop.signal.aborted) resolve();
        this.#stop.signal.addEventListener('abort', () => resolve(), { once: true });
        this.#checkEnd();
      });
      await watching;
    } finally {
      signal.removeEventListener('abort', stop);
      if (untilTimer) clearTimeout(untilTimer);
      stopRenewing();
      clearTimeout(this.#timer);
      this.#window.drain();
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  #relist(): void {
    if (this.#listing) {
      this.#listAgain = true;
      return;
    }
    this.#listing = this.#options
      .list()
      .then((sources) => {
        for (const source of sources) this.#found(source);
      })
      .catch(() => {
        // The list failed (manager restarting): the watch's reconnect lists again.
      })
      .finally(() => {
        this.#listing = undefined;
        if (this.#listAgain && !this.#stop.signal.aborted) {
          this.#listAgain = false;
          this.#relist();
        }
      });
  }

  #found(source: TailSource): void {
    const known = this.#followed.get(source.id);
    if (known) {
      if (!known.running && !this.#options.endWhenAllEnded) this.#start(known);
      return;
    }
    if (this.#followed.size >= MAX_FOLLOWED) {
      if (!this.#toldFull)
        this.#note(`following ${MAX_FOLLOWED} containers at most; ${source.label} and any more are left out`);
      this.#toldFull = true;
      return;
    }
    const followed = { source, tracker: new HistoryTracker(), lastKey: 0n, running: false };
    this.#followed.set(source.id, followed);
    this.#options.output.addSource(source);
    this.#start(followed);
  }

  #start(followed: Followed): void {
    if (this.#stop.signal.aborted) return;
    const { connection, sink, print } = this.#options;
    const dedup = new HistoryDedup(followed.tracker.mark);
    const printer = new SourcePrinter(sink, print, followed.source, (source, entry) =>
      this.#arrive(followed, source, entry),
    );
    const follower = new LiveFollower({
      socketUrl: logsSocketUrl(connection.manager),
      tokens: connection.tokens,
      host: followed.source.host,
      container: followed.source.id,
      judge: (line) => this.#judge(line, followed, dedup),
      ...(this.#options.selection.filter ? { filter: this.#options.selection.filter } : {}),
      printer,
      sink,
      signal: this.#stop.signal,
    });
    followed.running = true;
    follower
      .run()
      .then((end) => {
        if (end === 'broken_pipe') this.#stop.abort();
      })
      .catch((error: unknown) => {
        // One container gone before its subscription is that container's end, not the tail's.
        if (error instanceof ManagerError && error.code === 'not_found')
          printer.info('the container is gone');
        else {
          this.#failure ??= error;
          this.#stop.abort();
        }
      })
      .finally(() => {
        followed.running = false;
        this.#checkEnd();
      });
  }

  #judge(line: LogLine, followed: Followed, dedup: HistoryDedup): LineVerdict {
    const { selection } = this.#options;
    // First, so an older manager that sent every line is deduplicated as a filtering one would be.
    if (!selection.sent(line)) return 'skip';
    if (!dedup.accept(line.stream, line.ts)) return 'skip';
    followed.tracker.add(line.stream, line.ts);
    const nanos = dockerTimestampToUnixNanos(line.ts);
    if (this.#options.since && nanos < this.#options.since.nanos) return 'skip';
    if (this.#options.until && nanos > this.#options.until.nanos) return 'stop';
    return selection.keep(line) ? 'print' : 'skip';
  }

  #arrive(followed: Followed, source: TailSource, entry: LogEntry): void {
    // A marker waits with its container's last line, so it stays where it was in that log.
    if (entry.kind === 'line') followed.lastKey = dockerTimestampToUnixNanos(entry.ts);
    const bytes = entry.kind === 'line' ? entry.text.length : 64;
    this.#window.push({ source, entry }, followed.lastKey, bytes, Date.now());
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const due = this.#window.nextDue();
    if (due === undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#window.release(Date.now());
        // The followers see a full output at their next push and pause their sockets.
        this.#options.sink.flush();
        this.#schedule();
      },
      Math.max(0, due - Date.now()),
    );
  }

  #checkEnd(): void {
    if (!this.#options.endWhenAllEnded || this.#listing) return;
    if ([...this.#followed.values()].every((followed) => !followed.running)) this.#stop.abort();
  }

  #note(message: string): void {
    this.#options.sink.add('stderr', [Buffer.from(`bosun: ${message}\n`)]);
  }
}

// --until in the future ends the follow then, even when no container writes anything more.
function endAt(until: LogTime, end: () => void): NodeJS.Timeout {
  const ms = Number(until.nanos / 1_000_000n) - Date.now();
  return setTimeout(end, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
}
