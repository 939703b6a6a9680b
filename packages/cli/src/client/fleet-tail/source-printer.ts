import type { LogEntry, LogLine } from '@bosun/protocol';
import { LogPrinter } from '../log-printer.ts';
import type { OutputSink } from '../output-sink.ts';
import type { TailSource } from './tail-source.ts';

/**
 * One container's printer in the fleet tail, shaped as the `LogPrinter` a `LiveFollower` or a
 * stored read drives: lines (and, for JSON output, markers) go to `deliver` to be merged with the
 * other containers' instead of straight out, and every `bosun:` note names the container.
 */
export class SourcePrinter extends LogPrinter {
  readonly #source: TailSource;
  readonly #deliver: (source: TailSource, entry: LogEntry) => void;
  readonly #markersAsEntries: boolean;

  constructor(
    sink: OutputSink,
    options: { timestamps: boolean; verbose: boolean; json: boolean },
    source: TailSource,
    deliver: (source: TailSource, entry: LogEntry) => void,
  ) {
    super(sink, options);
    this.#source = source;
    this.#deliver = deliver;
    this.#markersAsEntries = options.json;
  }

  override line(line: LogLine): void {
    this.#deliver(this.#source, line);
  }

  override marker(entry: Exclude<LogEntry, LogLine>): void {
    if (this.#markersAsEntries) this.#deliver(this.#source, entry);
    else super.marker(entry);
  }

  override note(message: string): void {
    super.note(`${this.#source.label}: ${message}`);
  }
}
