import {
  advanceStreamPosition,
  dockerTimestampToUnixNanos,
  type LogStream,
  type PositionsByStream,
  type StreamPosition,
} from '@bosun/protocol';
import { compareTimestamps } from './docker-timestamp.ts';
import type { ResumePoint } from './resume-filter.ts';

/**
 * How far before the newest line sent a follow may start again to pick up a line of the other
 * stream that Docker stored late. Docker stamps stdout and stderr in one goroutine each, so its
 * log is in time order within a stream but not across them: a line can be stored after a newer
 * line of the other stream (36 times in 20,000 interleaved lines on a loaded 2-core machine, each
 * by microseconds). Two seconds is far beyond that, and small enough that a stream quiet for an
 * hour does not make Docker send an hour of the other one again.
 */
export const REFOLLOW_WINDOW_NS = 2_000_000_000n;

/**
 * The newest line sent on each stream: its timestamp and how many lines were stamped exactly
 * that. A follow that must start again starts at the older stream's position (bounded by
 * REFOLLOW_WINDOW_NS), and each stream drops what it already sent, so a line stored out of time
 * order is neither lost nor sent twice. A resume from the manager starts from its positions.
 */
export class StreamPositions {
  readonly #streams: readonly LogStream[];
  #stdout: StreamPosition | undefined;
  #stderr: StreamPosition | undefined;
  #newest: string | undefined;

  /** `streams`: what the container can write on (a TTY container: stdout only). */
  constructor(streams: readonly LogStream[]) {
    this.#streams = streams;
  }

  /**
   * Starts from the manager's positions (a resume): each stream stands where the manager's cursor
   * says, as if those lines had been sent here. Only the container's own streams are taken.
   */
  seed(positions: PositionsByStream): void {
    for (const stream of this.#streams) {
      const position = stream === 'stdout' ? positions.stdout : positions.stderr;
      if (position === undefined) continue;
      if (stream === 'stdout') this.#stdout = position;
      else this.#stderr = position;
      if (this.#newest === undefined || compareTimestamps(position.ts, this.#newest) > 0)
        this.#newest = position.ts;
    }
  }

  /** The newest timestamp sent on any stream; undefined before the first line. */
  get newest(): string | undefined {
    return this.#newest;
  }

  /**
   * A line was sent: protocol's rule, which the manager's cursor follows too. Within a stream
   * timestamps never go back; an older one is not a position.
   */
  sent(stream: LogStream, ts: string): void {
    const last = stream === 'stdout' ? this.#stdout : this.#stderr;
    const next = advanceStreamPosition(last, ts);
    if (next === last) return;
    if (stream === 'stdout') this.#stdout = next;
    else this.#stderr = next;
    if (this.#newest === undefined || compareTimestamps(ts, this.#newest) > 0) this.#newest = ts;
  }

  /** Where `stream` stands, for its resume filter; undefined before its first line. */
  of(stream: LogStream): ResumePoint | undefined {
    const last = stream === 'stdout' ? this.#stdout : this.#stderr;
    return last === undefined ? undefined : { ...last };
  }

  /**
   * Unix nanoseconds for Docker's `since` of the next follow: the oldest stream position, but not
   * more than the window before `newest` (a stream with no line yet counts as that far back),
   * and never before `floor` (the manager's resume point: it holds every line older than that).
   */
  refollowFrom(newest: string, floor: string | undefined): bigint {
    const newestNs = dockerTimestampToUnixNanos(newest);
    const earliest = newestNs - REFOLLOW_WINDOW_NS;
    let from = newestNs;
    for (const stream of this.#streams) {
      const last = stream === 'stdout' ? this.#stdout : this.#stderr;
      const at = last === undefined ? earliest : dockerTimestampToUnixNanos(last.ts);
      if (at < from) from = at;
    }
    if (from < earliest) from = earliest;
    if (floor !== undefined) {
      const floorNs = dockerTimestampToUnixNanos(floor);
      if (from < floorNs) from = floorNs;
    }
    return from;
  }
}
