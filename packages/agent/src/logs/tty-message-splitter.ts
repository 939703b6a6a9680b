import { compareTimestamps, ZERO_TIMESTAMP } from './docker-timestamp.ts';
import { DOCKER_SPLIT_BYTES } from './line-assembler.ts';
import {
  MAX_TIMESTAMP_PREFIX_BYTES,
  NOT_A_PREFIX,
  PREFIX_INCOMPLETE,
  readTimestamp,
  scanTimestampPrefix,
} from './timestamp-prefix.ts';

const NEWLINE = 0x0a;
const EMPTY = new Uint8Array(0);

/** Where the splitter's messages go. */
export interface TtyMessageSplitterOptions {
  /** `body` is only valid during the call. */
  onMessage(ts: string, body: Uint8Array): void;
}

/**
 * A TTY container's log stream has no frame headers: messages follow each other raw, each
 * "<timestamp> <bytes>". Where a message ends is inferred the way Docker's copier cut them:
 * - at "\n" (pty lines end in "\r\n"; the "\r" stays in the message);
 * - after exactly DOCKER_SPLIT_BYTES message bytes without "\n", the copier's buffer size. The next
 *   message normally starts with a timestamp prefix, which is stripped; if the bytes there do not
 *   look like one, the message is taken to go on under the same timestamp (the line assembler
 *   joins 16 KiB pieces either way, so the line's bytes are the same).
 * A message shorter than that without "\n" (output cut by the container's exit) cannot be told
 * from the start of the next one, so its bytes run on into the next message. The one case that
 * matters, a re-follow replaying the previous run's unterminated last message, is handled
 * exactly: flush() remembers where that message ended and the replay is cut there.
 *
 * Bound: a timestamp prefix cut by a chunk boundary is carried in MAX_TIMESTAMP_PREFIX_BYTES, and
 * a message split across chunks is gathered in one reused buffer of DOCKER_SPLIT_BYTES.
 */
export class TtyMessageSplitter {
  readonly #onMessage: TtyMessageSplitterOptions['onMessage'];
  // Holds the start of a timestamp prefix cut by a chunk boundary; bounded by the longest prefix.
  readonly #carry = new Uint8Array(MAX_TIMESTAMP_PREFIX_BYTES);
  #carryFill = 0;
  // A message split across chunks is gathered here; messages never exceed DOCKER_SPLIT_BYTES.
  #gather: Uint8Array | undefined;
  #gatherFill = 0;
  #inMessage = false;
  #messageBytes = 0;
  #limit = DOCKER_SPLIT_BYTES;
  #ts = ZERO_TIMESTAMP;
  // Messages stamped `#ts` in a row, so the unterminated last message can be found again in a replay.
  #messagesAtTs = 0;
  #expect: { ts: string; ordinal: number; bytes: number } | undefined;
  #seenAtExpectedTs = 0;

  constructor(options: TtyMessageSplitterOptions) {
    this.#onMessage = options.onMessage;
  }

  /** The next chunk of the body, cut anywhere. */
  push(chunk: Uint8Array): void {
    const end = chunk.length;
    let pos = 0;
    if (this.#carryFill > 0) {
      pos = this.#resolveCarry(chunk);
      if (pos < 0) return;
    }
    while (pos < end) {
      if (!this.#inMessage) {
        const prefix = scanTimestampPrefix(chunk, pos, end);
        if (prefix === PREFIX_INCOMPLETE) {
          this.#carry.set(chunk.subarray(pos, end));
          this.#carryFill = end - pos;
          return;
        }
        if (prefix === NOT_A_PREFIX) {
          this.#startMessage(this.#ts, false);
        } else {
          this.#startMessage(readTimestamp(chunk, pos, prefix), true);
          pos += prefix;
        }
        continue;
      }
      const room = this.#limit - this.#messageBytes;
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline !== -1 && newline - pos < room) {
        this.#endMessage(chunk, pos, newline + 1);
        pos = newline + 1;
      } else if (end - pos >= room) {
        this.#endMessage(chunk, pos, pos + room);
        pos += room;
      } else {
        this.#gatherBytes(chunk, pos, end);
        pos = end;
      }
    }
  }

  /** The stream ended: whatever is left is the last message, which had no "\n". */
  flush(): void {
    if (this.#carryFill > 0) {
      // Bytes shaped like the start of a timestamp at the very end are content, not a prefix.
      if (!this.#inMessage) this.#startMessage(this.#ts, false);
      this.#gatherBytes(this.#carry, 0, this.#carryFill);
      this.#carryFill = 0;
    }
    if (this.#inMessage) {
      if (this.#messageBytes > 0) {
        this.#expect = { ts: this.#ts, ordinal: this.#messagesAtTs, bytes: this.#messageBytes };
        this.#seenAtExpectedTs = 0;
      }
      this.#emit(this.#gather === undefined ? EMPTY : this.#gather.subarray(0, this.#gatherFill));
    }
    this.#gather = undefined;
  }

  /** Forget a message cut by a broken connection (a re-follow will replay it whole). */
  discardPending(): void {
    this.#carryFill = 0;
    this.#gatherFill = 0;
    this.#inMessage = false;
    this.#messageBytes = 0;
    this.#limit = DOCKER_SPLIT_BYTES;
  }

  // Returns where to go on in `chunk`, or -1 when the whole chunk went into the carry.
  #resolveCarry(chunk: Uint8Array): number {
    const carried = this.#carryFill;
    const take = Math.min(this.#carry.length - carried, chunk.length);
    this.#carry.set(chunk.subarray(0, take), carried);
    const prefix = scanTimestampPrefix(this.#carry, 0, carried + take);
    if (prefix === PREFIX_INCOMPLETE) {
      this.#carryFill = carried + take;
      return -1;
    }
    this.#carryFill = 0;
    if (prefix === NOT_A_PREFIX) {
      this.#startMessage(this.#ts, false);
      this.#gatherBytes(this.#carry, 0, carried);
      return 0;
    }
    this.#startMessage(readTimestamp(this.#carry, 0, prefix), true);
    return prefix - carried;
  }

  #startMessage(ts: string, prefixed: boolean): void {
    this.#inMessage = true;
    this.#messageBytes = 0;
    this.#gatherFill = 0;
    this.#limit = DOCKER_SPLIT_BYTES;
    if (!prefixed) return;
    if (ts === this.#ts) this.#messagesAtTs++;
    else {
      this.#ts = ts;
      this.#messagesAtTs = 1;
    }
    if (this.#expect !== undefined) this.#checkExpected(ts);
  }

  #checkExpected(ts: string): void {
    const expect = this.#expect!;
    const order = ts === expect.ts ? 0 : compareTimestamps(ts, expect.ts);
    if (order > 0) {
      this.#expect = undefined;
    } else if (order === 0 && ++this.#seenAtExpectedTs === expect.ordinal) {
      this.#limit = expect.bytes;
      this.#expect = undefined;
    }
  }

  #gatherBytes(bytes: Uint8Array, start: number, end: number): void {
    this.#gather ??= new Uint8Array(DOCKER_SPLIT_BYTES);
    this.#gather.set(bytes.subarray(start, end), this.#gatherFill);
    this.#gatherFill += end - start;
    this.#messageBytes += end - start;
  }

  #endMessage(chunk: Uint8Array, start: number, end: number): void {
    if (this.#gatherFill === 0) {
      this.#emit(chunk.subarray(start, end));
    } else {
      this.#gatherBytes(chunk, start, end);
      this.#emit(this.#gather!.subarray(0, this.#gatherFill));
    }
  }

  #emit(body: Uint8Array): void {
    this.#inMessage = false;
    this.#messageBytes = 0;
    this.#gatherFill = 0;
    this.#limit = DOCKER_SPLIT_BYTES;
    this.#onMessage(this.#ts, body);
  }
}
