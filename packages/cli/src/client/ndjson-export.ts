import type { LogEntry, LogLine, StoredStreamView } from '@bosun/protocol';
import type { HistorySource } from './container-history.ts';
import { LogPrinter } from './log-printer.ts';
import type { OutputSink } from './output-sink.ts';

/** Whose lines an export holds: the host and container names written into every record. */
export type ExportLabel = { host: string; container: string };

/**
 * `bosun logs --format ndjson`: one JSON object per entry on stdout, in order: `host`,
 * `container`, then the entry as the manager holds it (`kind`, `seq`, `ts`, `stream`, `text`,
 * with `encoding: "base64"` for a line that is not UTF-8, `partial`/`truncated` flags); markers
 * (`restart`, `gap`, `end`) are objects of their own. A line read from Docker's log carries no
 * `seq`: Docker's reads number their lines from 0, and only the store's and the live stream's
 * numbers are the stream's own. Notes stay on stderr as in text form.
 */
export class NdjsonPrinter extends LogPrinter {
  readonly #out: OutputSink;
  #label: ExportLabel;

  constructor(sink: OutputSink, label: ExportLabel, options: { verbose: boolean }) {
    super(sink, { timestamps: false, verbose: options.verbose });
    this.#out = sink;
    this.#label = label;
  }

  /** The store's names for the container, once a read found its stream. */
  named(stream: StoredStreamView): void {
    this.#label = { host: stream.hostName, container: stream.containerName };
  }

  override line(line: LogLine, source?: HistorySource): void {
    const { seq, ...rest } = line;
    this.#write(source === 'docker' ? rest : line);
  }

  override marker(entry: Exclude<LogEntry, LogLine>): void {
    this.#write(entry);
  }

  #write(entry: object): void {
    this.#out.add('stdout', [Buffer.from(`${JSON.stringify({ ...this.#label, ...entry })}\n`)]);
  }
}
