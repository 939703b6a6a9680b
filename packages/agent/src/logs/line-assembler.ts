import { MAX_LINE_BYTES } from '@bosun/protocol';
import { compareTimestamps } from './docker-timestamp.ts';

/**
 * Docker's log copier reads a container's output into a 16 KiB buffer. A line that fills it is
 * logged as a message of exactly this many bytes without "\n" and continues in the next message
 * of the same stream (each piece with its own timestamp prefix); only the last piece ends in "\n".
 * A message that ends without "\n" for any other reason (the container's last output before it
 * exited; the `local` driver, which drops the final "\n") is a complete line that had no newline.
 * Hence the rule: a message not ending in "\n" continues into the next message of its stream
 * if and only if it is exactly DOCKER_SPLIT_BYTES long.
 */
export const DOCKER_SPLIT_BYTES = 16 * 1024;
const NEWLINE = 0x0a;
const UTF8_CONTINUATION_MASK = 0xc0;
const UTF8_CONTINUATION = 0x80;

/** Where the assembler's lines go, and how long one may be. */
export interface LineAssemblerOptions {
  /**
   * `bytes` ends in "\n" when the line had one (never when truncated); it is only valid during the
   * call. `ts` is the timestamp of the line's first piece, the one `docker logs -t` shows.
   */
  onLine(ts: string, bytes: Uint8Array, truncated: boolean): void;
  /** MAX_LINE_BYTES (protocol) by default. */
  maxLineBytes?: number;
}

/**
 * Joins the 16 KiB pieces Docker cuts a long line into (see DOCKER_SPLIT_BYTES), one per stream:
 * Docker keeps order within stdout and within stderr, not between them.
 *
 * Bound: a line is kept up to maxLineBytes and cut there at a character boundary (`truncated`);
 * the rest of a longer line is counted, not kept.
 */
export class LineAssembler {
  readonly #onLine: LineAssemblerOptions['onLine'];
  readonly #maxLineBytes: number;
  // A line spanning messages is copied here, up to maxLineBytes + 1 bytes (the extra byte tells
  // where the last whole character ends); the rest of a longer line is counted, not kept. Allocated
  // on the first long line of a follow and let go at its end.
  #buffer: Uint8Array | undefined;
  #hasPending = false;
  #pendingTs = '';
  #fill = 0;
  #lineBytes = 0;
  #lastMessageTs: string | undefined;
  #joinGuardTs: string | undefined;

  constructor(options: LineAssemblerOptions) {
    this.#onLine = options.onLine;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  /** Timestamp of the last message pushed, kept across flush(). */
  get lastMessageTs(): string | undefined {
    return this.#lastMessageTs;
  }

  /** Timestamp of a line waiting for its next 16 KiB piece. */
  get pendingTs(): string | undefined {
    return this.#hasPending ? this.#pendingTs : undefined;
  }

  /** One message of this stream, its timestamp prefix already read. */
  push(ts: string, body: Uint8Array): void {
    if (this.#joinGuardTs !== undefined) this.#checkJoinGuard(ts);
    this.#lastMessageTs = ts;
    const length = body.length;
    let start = 0;
    // Docker puts one line in a message; a message holding several (another driver, a raw TTY
    // message) is still cut at every "\n" so no line text ever contains one.
    let newline = body.indexOf(NEWLINE);
    while (newline !== -1) {
      this.#complete(ts, body, start, newline + 1);
      start = newline + 1;
      newline = start < length ? body.indexOf(NEWLINE, start) : -1;
    }
    if (start === length) return;
    if (length === DOCKER_SPLIT_BYTES) {
      this.#append(ts, body, start, length);
    } else if (this.#hasPending) {
      this.#append(ts, body, start, length);
      this.#emitPending(false);
    } else {
      this.#emitWhole(ts, body, start, length, length - start);
    }
  }

  /** The stream ended: a line still waiting for its next piece had no newline. */
  flush(): void {
    if (this.#hasPending) {
      // If a re-follow replays that last piece, the next run's first message must not be glued
      // onto it: pieces stamped after it never continue a line that started at or before it.
      this.#joinGuardTs = this.#lastMessageTs;
      this.#emitPending(false);
    }
    this.#buffer = undefined;
  }

  /** Forget a line waiting for its next piece (a re-follow will replay it whole). */
  discardPending(): void {
    this.#hasPending = false;
    this.#fill = 0;
    this.#lineBytes = 0;
    this.#buffer = undefined;
  }

  #checkJoinGuard(ts: string): void {
    if (compareTimestamps(ts, this.#joinGuardTs!) <= 0) return;
    this.#joinGuardTs = undefined;
    if (this.#hasPending) this.#emitPending(false);
  }

  // `end` is just past the "\n".
  #complete(ts: string, body: Uint8Array, start: number, end: number): void {
    if (this.#hasPending) {
      this.#append(ts, body, start, end);
      this.#emitPending(true);
    } else {
      this.#emitWhole(ts, body, start, end, end - 1 - start);
    }
  }

  #emitWhole(ts: string, body: Uint8Array, start: number, end: number, contentBytes: number): void {
    if (contentBytes <= this.#maxLineBytes) {
      this.#onLine(ts, body.subarray(start, end), false);
    } else {
      this.#onLine(ts, body.subarray(start, characterBoundary(body, start + this.#maxLineBytes)), true);
    }
  }

  #append(ts: string, body: Uint8Array, start: number, end: number): void {
    if (!this.#hasPending) {
      this.#hasPending = true;
      this.#pendingTs = ts;
      this.#fill = 0;
      this.#lineBytes = 0;
    }
    const capacity = this.#maxLineBytes + 1;
    const keep = Math.min(capacity - this.#fill, end - start);
    if (keep > 0) {
      this.#buffer ??= new Uint8Array(capacity);
      this.#buffer.set(body.subarray(start, start + keep), this.#fill);
      this.#fill += keep;
    }
    this.#lineBytes += end - start;
  }

  #emitPending(hasNewline: boolean): void {
    const buffer = this.#buffer!;
    const contentBytes = this.#lineBytes - (hasNewline ? 1 : 0);
    const ts = this.#pendingTs;
    const fill = this.#fill;
    this.#hasPending = false;
    this.#fill = 0;
    this.#lineBytes = 0;
    if (contentBytes <= this.#maxLineBytes) this.#onLine(ts, buffer.subarray(0, fill), false);
    else this.#onLine(ts, buffer.subarray(0, characterBoundary(buffer, this.#maxLineBytes)), true);
  }
}

// End of a truncated line: cutting inside a multi-byte character would turn a valid line into
// base64. UTF-8 continuation bytes (10xxxxxx) show where a character starts, at most 3 bytes back
// from `cut`, the first byte left out.
function characterBoundary(bytes: Uint8Array, cut: number): number {
  for (let back = 0; back < 4; back++) {
    if ((bytes[cut - back]! & UTF8_CONTINUATION_MASK) !== UTF8_CONTINUATION) return cut - back;
  }
  // Not UTF-8 here anyway: the line goes out as base64, cut at the byte limit.
  return cut;
}
