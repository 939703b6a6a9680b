import { entryTextBytes, type LogEntry, MAX_BATCH_LINES, MAX_BATCH_TEXT_BYTES } from '@bosun/protocol';
import type { Scheduler } from './scheduler.ts';

/** Where batches go, when a partial one leaves, and the bounds of one batch. */
export interface LogBatcherOptions {
  /** A batch, in order, with the text bytes it carries. */
  onBatch(entries: LogEntry[], textBytes: number): void;
  scheduler: Scheduler;
  /** MAX_BATCH_LINES (protocol) by default. */
  maxLines?: number;
  /** MAX_BATCH_TEXT_BYTES (protocol) by default. */
  maxTextBytes?: number;
}

/**
 * Groups entries into batches of at most maxLines entries and maxTextBytes of text. Holds at most
 * one batch: it goes out when the next entry would not fit, when the scheduler fires, or on flush().
 */
export class LogBatcher {
  readonly #onBatch: LogBatcherOptions['onBatch'];
  readonly #scheduler: Scheduler;
  readonly #maxLines: number;
  readonly #maxTextBytes: number;
  #entries: LogEntry[] = [];
  #textBytes = 0;
  #cancel: (() => void) | undefined;
  readonly #onTimer = (): void => {
    this.#cancel = undefined;
    this.#emit();
  };

  constructor(options: LogBatcherOptions) {
    this.#onBatch = options.onBatch;
    this.#scheduler = options.scheduler;
    this.#maxLines = options.maxLines ?? MAX_BATCH_LINES;
    this.#maxTextBytes = options.maxTextBytes ?? MAX_BATCH_TEXT_BYTES;
  }

  /**
   * `textBytes` may be given when the caller already knows it (the pipeline knows a line's byte
   * length before decoding), saving a pass over every line's text.
   */
  add(entry: LogEntry, textBytes: number = entryTextBytes(entry)): void {
    if (this.#entries.length > 0 && this.#textBytes + textBytes > this.#maxTextBytes) this.#emit();
    this.#entries.push(entry);
    this.#textBytes += textBytes;
    if (this.#entries.length >= this.#maxLines) this.#emit();
    else this.#cancel ??= this.#scheduler.schedule(this.#onTimer);
  }

  /** Sends the batch being filled now, if any. */
  flush(): void {
    this.#emit();
  }

  #emit(): void {
    if (this.#cancel !== undefined) {
      this.#cancel();
      this.#cancel = undefined;
    }
    if (this.#entries.length === 0) return;
    const entries = this.#entries;
    const textBytes = this.#textBytes;
    this.#entries = [];
    this.#textBytes = 0;
    this.#onBatch(entries, textBytes);
  }
}
