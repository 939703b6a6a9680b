import type { LogStream } from '@bosun/protocol';
import { compareTimestamps } from './docker-timestamp.ts';

/**
 * Where a stream left off: the newest line timestamp sent and how many lines stamped exactly that
 * were sent, over both streams. Without a count every line stamped `ts` counts as sent (the
 * protocol's resume says "skip lines stamped at or before ts").
 */
export interface ResumePoint {
  ts: string;
  countAtTs?: number;
}

/**
 * Docker's `since` is inclusive (second-granular in some versions), so a follow from the resume
 * point repeats lines already sent. Several lines can share one nanosecond timestamp, hence the
 * count. The filter is armed until the first line newer than the resume point: Docker reads a
 * log in the order it was written, so after that nothing already sent can come back.
 */
export class ResumeFilter {
  readonly #ts: string;
  #remaining: number;
  #armed = true;

  constructor(point: ResumePoint) {
    this.#ts = point.ts;
    this.#remaining = point.countAtTs ?? Number.POSITIVE_INFINITY;
  }

  /** False once a line newer than the resume point passed: nothing sent can come back. */
  get armed(): boolean {
    return this.#armed;
  }

  /** False for a line that was already sent. */
  accept(ts: string): boolean {
    if (!this.#armed) return true;
    const order = ts === this.#ts ? 0 : compareTimestamps(ts, this.#ts);
    if (order > 0) {
      this.#armed = false;
      return true;
    }
    if (order < 0) return false;
    if (this.#remaining > 0) {
      this.#remaining--;
      return false;
    }
    return true;
  }
}

/**
 * The filters of one follow, by stream: one shared by both streams for a resume point counted
 * over both (the manager's cursor), or one per stream for positions kept per stream. A stream
 * without a filter has sent nothing that could come back.
 */
export class StreamResumeFilters {
  readonly #filters = new Map<LogStream, ResumeFilter>();

  /** One filter for both streams, for the manager's resume point. */
  static shared(point: ResumePoint): StreamResumeFilters {
    const filter = new ResumeFilter(point);
    return new StreamResumeFilters({ stdout: filter, stderr: filter });
  }

  constructor(points: Partial<Record<LogStream, ResumeFilter>>) {
    for (const [stream, filter] of Object.entries(points)) this.#filters.set(stream as LogStream, filter);
  }

  /** False once no stream can see a line it already sent: the filters can go. */
  get armed(): boolean {
    for (const filter of this.#filters.values()) if (filter.armed) return true;
    return false;
  }

  /** False for a line that was already sent. */
  accept(stream: LogStream, ts: string): boolean {
    return this.#filters.get(stream)?.accept(ts) ?? true;
  }
}
