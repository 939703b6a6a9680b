import type { LogStream } from '@bosun/protocol';
import { compareTimestamps } from './docker-timestamp.ts';

/**
 * How many recent lines of each stream the guard remembers. Docker 20.10's json-file follow,
 * when the file rotates under it, sends again what it had sent of the new file: one line at a
 * time when the container writes slowly, a whole 4 KiB file (about 24 lines of 100 bytes) in a
 * burst. A replay longer than this is caught only in its last lines.
 */
export const REPLAY_MEMORY_LINES = 64;

/**
 * How much of a line's text is kept to compare; a longer line is matched by its stamp and length.
 * The guard's bound: REPLAY_MEMORY_LINES lines per stream, each its stamp and at most this many
 * characters of text.
 */
export const REPLAY_TEXT_CHARS = 256;

/** The recent lines of one stream, oldest overwritten first. */
class StreamMemory {
  readonly #ts: string[] = new Array<string>(REPLAY_MEMORY_LINES).fill('');
  readonly #length = new Int32Array(REPLAY_MEMORY_LINES);
  readonly #text: (string | undefined)[] = new Array<string | undefined>(REPLAY_MEMORY_LINES).fill(undefined);
  #next = 0;
  /** The newest stamp remembered; undefined before the first line. */
  newest: string | undefined;

  /**
   * Remembers a line sent that is newer than all before it. Only those: a replay longer than the
   * memory must not push out the lines its end repeats.
   */
  remember(ts: string, text: string): void {
    const at = this.#next;
    this.#ts[at] = ts;
    this.#length[at] = text.length;
    this.#text[at] = text.length <= REPLAY_TEXT_CHARS ? text : undefined;
    this.#next = at + 1 === REPLAY_MEMORY_LINES ? 0 : at + 1;
    this.newest = ts;
  }

  holds(ts: string, text: string): boolean {
    for (let i = 0; i < REPLAY_MEMORY_LINES; i++) {
      if (this.#ts[i] !== ts || this.#length[i] !== text.length) continue;
      const kept = this.#text[i];
      if (kept === undefined || kept === text) return true;
    }
    return false;
  }
}

/**
 * Drops a line Docker sends twice within one follow. Docker stamps each stream's lines in order
 * (one goroutine per stream), so a line stamped at or before the newest one sent on its stream
 * is either a replay or a wall clock that stepped back; it is dropped only when a recent line of
 * the same stream carries the same nanosecond stamp and the same text, so a clock step loses
 * nothing. Two distinct lines of one stream with equal stamp and text cannot be told from a
 * replay; Docker's nanosecond stamps make that a replay in practice.
 */
export class ReplayGuard {
  readonly #stdout = new StreamMemory();
  readonly #stderr = new StreamMemory();

  /** True when the line repeats one already sent on its stream; a newer line is remembered as sent. */
  repeats(stream: LogStream, ts: string, text: string): boolean {
    const memory = stream === 'stdout' ? this.#stdout : this.#stderr;
    const newest = memory.newest;
    // Runs once per line: one compare on the usual path, the scan only for a line not newer.
    const order = newest === undefined ? 1 : ts === newest ? 0 : compareTimestamps(ts, newest);
    if (order > 0) memory.remember(ts, text);
    else if (memory.holds(ts, text)) return true;
    return false;
  }
}
