import type { LogEnd, LogEndReason, LogLine, LogRestart, LogStream } from '@bosun/protocol';

/** What an `end` marker may say besides its reason. */
export interface EndDetails {
  ts?: string;
  message?: string;
}

/**
 * Lines take the container's next number; markers take none and sit after the last line numbered
 * (-1 before any), so a line's number is its ordinal in what Docker stored and reading the same
 * logs again numbers them the same.
 */
export class LogSequencer {
  #next: number;

  constructor(nextSeq: number) {
    this.#next = nextSeq;
  }

  /** Number of the next line. */
  get nextSeq(): number {
    return this.#next;
  }

  /** A line, numbered. */
  line(
    ts: string,
    stream: LogStream,
    text: string,
    encoding?: 'base64',
    truncated?: boolean,
    partial?: boolean,
  ): LogLine {
    const entry: LogLine = { kind: 'line', seq: this.#next++, ts, stream, text };
    if (encoding !== undefined) entry.encoding = encoding;
    if (truncated === true) entry.truncated = true;
    if (partial === true) entry.partial = true;
    return entry;
  }

  /** A `restart` marker after the last line numbered. */
  restart(ts: string, reason?: string): LogRestart {
    const entry: LogRestart = { kind: 'restart', afterSeq: this.#next - 1, ts };
    if (reason !== undefined) entry.reason = reason;
    return entry;
  }

  /** The `end` marker after the last line numbered. */
  end(reason: LogEndReason, details: EndDetails = {}): LogEnd {
    const entry: LogEnd = { kind: 'end', afterSeq: this.#next - 1, reason };
    if (details.ts !== undefined) entry.ts = details.ts;
    if (details.message !== undefined) entry.message = details.message;
    return entry;
  }
}
