import { compareDockerTimestamps } from '@bosun/protocol';

/** Where the printed history ended: its newest stamp, and how many lines carried exactly that stamp. */
export type HistoryMark = { ts: string; countAtTs: number };

/** Follows the history as it is printed, over both streams, to know where it ended. */
export class HistoryTracker {
  #mark: HistoryMark | undefined;

  /** Where the printed history ends, or `undefined` while nothing was printed. */
  get mark(): HistoryMark | undefined {
    return this.#mark;
  }

  /** Counts one printed line by its Docker timestamp. */
  add(ts: string): void {
    const mark = this.#mark;
    const order = mark === undefined ? 1 : compareDockerTimestamps(ts, mark.ts);
    if (order > 0) this.#mark = { ts, countAtTs: 1 };
    else if (order === 0 && mark) mark.countAtTs += 1;
  }
}

/**
 * The live stream begins with what the manager holds, which overlaps the history already printed.
 * The rule is the agent's resume filter: a live line stamped before the history's end was
 * printed; at the same stamp, as many lines as the history had there were printed; the first
 * newer line disarms the filter, because logs arrive in the order they were written.
 */
export class HistoryDedup {
  readonly #mark: HistoryMark | undefined;
  #remaining: number;
  #armed: boolean;

  constructor(mark: HistoryMark | undefined) {
    this.#mark = mark;
    this.#remaining = mark?.countAtTs ?? 0;
    this.#armed = mark !== undefined;
  }

  /** False for a live line the history already printed. */
  accept(ts: string): boolean {
    if (!this.#armed || !this.#mark) return true;
    const order = compareDockerTimestamps(ts, this.#mark.ts);
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
