import { type LogEntry, type LogLine, MAX_LINE_BYTES } from '@bosun/protocol';
import { formatLine } from './log-line-format.ts';
import type { OutputSink } from './output-sink.ts';

/**
 * Turns log entries into what `docker logs` prints, and everything that is not log content
 * (gaps, restarts, cut lines) into `bosun: …` notes on stderr, so stdout carries only the
 * container's own output.
 */
export class LogPrinter {
  readonly #sink: OutputSink;
  readonly #timestamps: boolean;
  readonly #verbose: boolean;
  #toldTruncated = false;

  constructor(sink: OutputSink, options: { timestamps: boolean; verbose: boolean }) {
    this.#sink = sink;
    this.#timestamps = options.timestamps;
    this.#verbose = options.verbose;
  }

  /** Prints a line on its own stream, as `docker logs` does; the first cut line also earns a note. */
  line(line: LogLine): void {
    this.#sink.add(line.stream, formatLine(line, this.#timestamps));
    if (line.truncated && !this.#toldTruncated) {
      this.#toldTruncated = true;
      this.note(`lines longer than ${MAX_LINE_BYTES / 1024} KiB were cut to that length`);
    }
  }

  /**
   * A marker of the stream: gaps always (lines were lost) and an end in error, the rest only with
   * --verbose.
   */
  marker(entry: Exclude<LogEntry, LogLine>): void {
    if (entry.kind === 'gap') {
      this.lost(entry.toSeq - entry.fromSeq + 1, entry.reason);
    } else if (entry.kind === 'restart') {
      if (this.#verbose) this.note(`the container restarted at ${entry.ts}`);
    } else if (this.#verbose || entry.reason === 'error') {
      this.note(`the log stream ended (${entry.reason}${entry.message ? `: ${entry.message}` : ''})`);
    }
  }

  /** Notes that `count` lines were lost, and why. */
  lost(count: number, reason: string): void {
    this.note(
      `${count} log ${count === 1 ? 'line was' : 'lines were'} lost here (${reason.replaceAll('_', ' ')})`,
    );
  }

  /** A note goes through the sink so it lands in order with the stderr lines around it. */
  note(message: string): void {
    this.#sink.add('stderr', [Buffer.from(`bosun: ${message}\n`)]);
  }

  /** A note shown only with --verbose. */
  info(message: string): void {
    if (this.#verbose) this.note(message);
  }
}
