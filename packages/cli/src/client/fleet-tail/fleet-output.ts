import type { LogEntry } from '@bosun/protocol';
import type { OutputSink } from '../output-sink.ts';
import { type FleetFormat, formatFleetLine, jsonRecord } from './fleet-line-format.ts';
import type { TailSource } from './tail-source.ts';

/**
 * Where the merged lines of the fleet tail go. Every container's lines go to stdout, as `docker
 * compose logs` prints them, so one pager or pipe gets the whole merged story; `bosun:` notes stay
 * on stderr. The prefix is as wide as the longest `host/container` seen so far.
 */
export class FleetOutput {
  readonly #sink: OutputSink;
  readonly #format: FleetFormat;
  #width = 0;

  constructor(sink: OutputSink, format: FleetFormat) {
    this.#sink = sink;
    this.#format = format;
  }

  /** A container joined the tail: its label may widen the prefix column. */
  addSource(source: TailSource): void {
    this.#width = Math.max(this.#width, source.label.length);
  }

  /** Writes one entry; in text form markers were notes already and are not written here. */
  write(source: TailSource, entry: LogEntry): void {
    if (this.#format.json) {
      this.#sink.add('stdout', [Buffer.from(jsonRecord(source, entry))]);
    } else if (entry.kind === 'line') {
      this.#sink.add('stdout', formatFleetLine(source, entry, this.#format, this.#width));
    }
  }
}
