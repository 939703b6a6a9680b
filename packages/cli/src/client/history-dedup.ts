import {
  advanceStreamPosition,
  compareDockerTimestamps,
  type LogStream,
  type PositionsByStream,
  type StreamPosition,
  streamPosition,
} from '@bosun/protocol';

/**
 * Where the printed history ended, per stream: each stream's newest stamp and how many of its lines
 * carried exactly that stamp (protocol's position rule, which the manager's cursor follows too),
 * and the stamp the history began at.
 */
export type HistoryMark = { start: string; streams: PositionsByStream };

/**
 * Follows the history as it is printed, per stream, to know where it ended. Per stream because
 * Docker stores stdout and stderr in time order each but not with each other: a line stored late
 * on one stream must not count as printed because the other stream had printed a newer one.
 */
export class HistoryTracker {
  #start: string | undefined;
  #streams: PositionsByStream = {};

  /** Where the printed history ends, or `undefined` while nothing was printed. */
  get mark(): HistoryMark | undefined {
    return this.#start === undefined ? undefined : { start: this.#start, streams: { ...this.#streams } };
  }

  /** Counts one printed line by its stream and Docker timestamp. */
  add(stream: LogStream, ts: string): void {
    this.#start ??= ts;
    const position = advanceStreamPosition(streamPosition(this.#streams, stream), ts);
    this.#streams =
      stream === 'stdout' ? { ...this.#streams, stdout: position } : { ...this.#streams, stderr: position };
  }
}

/**
 * The live stream begins with what the manager holds, which overlaps the history already printed.
 * The rule is the agent's resume filter, per stream: a live line stamped before its stream's end
 * was printed; at the same stamp, as many lines as the history had there on that stream were
 * printed; the stream's first newer line disarms its filter, because each stream arrives in the
 * order it was written. A stream the history had no line of only had lines before the history
 * began: those stamped earlier are dropped.
 */
export class HistoryDedup {
  readonly #mark: HistoryMark | undefined;
  readonly #filters: Partial<Record<LogStream, PositionFilter>> = {};

  constructor(mark: HistoryMark | undefined) {
    this.#mark = mark;
    if (mark?.streams.stdout) this.#filters.stdout = new PositionFilter(mark.streams.stdout);
    if (mark?.streams.stderr) this.#filters.stderr = new PositionFilter(mark.streams.stderr);
  }

  /** False for a live line the history already printed. */
  accept(stream: LogStream, ts: string): boolean {
    const mark = this.#mark;
    if (mark === undefined) return true;
    const filter = this.#filters[stream];
    if (filter === undefined) return compareDockerTimestamps(ts, mark.start) >= 0;
    return filter.accept(ts);
  }
}

/** One stream's part of `HistoryDedup`. */
class PositionFilter {
  readonly #ts: string;
  #remaining: number;
  #armed = true;

  constructor(position: StreamPosition) {
    this.#ts = position.ts;
    this.#remaining = position.countAtTs;
  }

  accept(ts: string): boolean {
    if (!this.#armed) return true;
    const order = compareDockerTimestamps(ts, this.#ts);
    if (order > 0) {
      this.#armed = false;
      return true;
    }
    if (order < 0) return false;
    if (this.#remaining > 0) {
      this.#remaining -= 1;
      return false;
    }
    return true;
  }
}
