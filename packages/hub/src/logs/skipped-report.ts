import type { Clock } from '../ports/clock.ts';
import type { SkippedLines } from './subscription-filter.ts';

/**
 * The lines a filtered subscription's filter held back and has not reported yet, summed into one
 * `logs.skipped` report: bounded by nature (a count and a seq), paced to at most one report per
 * `everyMs` so a noisy container costs its filtered viewers one small frame a second.
 */
export class SkippedReport {
  readonly #clock: Clock;
  readonly #everyMs: number;
  #pending: SkippedLines | undefined;
  #reportedAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, everyMs: number) {
    this.#clock = clock;
    this.#everyMs = everyMs;
  }

  /** True while skipped lines wait to be reported. */
  get pending(): boolean {
    return this.#pending !== undefined;
  }

  add(skipped: SkippedLines): void {
    const current = this.#pending;
    this.#pending = current
      ? { count: current.count + skipped.count, throughSeq: Math.max(current.throughSeq, skipped.throughSeq) }
      : skipped;
  }

  /** True when skipped lines wait and the last report is old enough for another. */
  get due(): boolean {
    return this.#pending !== undefined && this.#clock.now() - this.#reportedAt >= this.#everyMs;
  }

  /** What to report now, or undefined when nothing waits or the last report was too recent. */
  take(): SkippedLines | undefined {
    const pending = this.#pending;
    if (pending === undefined || !this.due) return undefined;
    this.#pending = undefined;
    this.#reportedAt = this.#clock.now();
    return pending;
  }

  clear(): void {
    this.#pending = undefined;
  }
}
