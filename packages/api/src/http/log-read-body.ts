import type { LogRead, ReadLogsEntries } from '@bosun/hub';
import { type LogReadRecord, logReadBatchBytes, packLogLines } from '@bosun/protocol';
import type { AppContext } from './app-env.ts';
import { byteQueueStrategy, cutResponse, queuedBytes } from './response-stream.ts';

const encoder = new TextEncoder();

/**
 * One read's response body, and the credit that follows it: batches are enqueued as they come
 * (the agent sends no more than its window ahead), and each batch's cost is credited back to
 * the read once the client has pulled its bytes out of the queue.
 */
export class LogReadBody {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #read: LogRead | undefined;
  // Batches enqueued and not yet credited: where each ends in the body, and what it cost.
  readonly #uncredited: Array<{ end: number; cost: number }> = [];
  #enqueued = 0;
  #closed = false;
  readonly #maxUnwindowedBytes: number;
  readonly #overflow: () => void;
  readonly #packed: boolean;

  /**
   * `overflow` is called when a read that cannot be paused (`LogRead.windowed` false) has more
   * than `maxUnwindowedBytes` waiting for the client. `packed`: a record per batch
   * (`format=packed`) instead of one per line.
   */
  constructor(maxUnwindowedBytes: number, overflow: () => void, packed = false) {
    this.#maxUnwindowedBytes = maxUnwindowedBytes;
    this.#overflow = overflow;
    this.#packed = packed;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        // Called as the client takes bytes and the queue is below its high-water mark.
        pull: () => this.#creditTaken(),
        cancel: () => this.abandon(),
      },
      byteQueueStrategy(),
    );
  }

  /** The read whose batches this body carries, to credit and cancel. */
  attach(read: LogRead): void {
    this.#read = read;
    this.#checkOverflow();
  }

  /** Adds a batch to the body, as NDJSON records. */
  enqueue(entries: ReadLogsEntries): void {
    if (this.#closed) return;
    let text = '';
    if (this.#packed) {
      for (const pack of packLogLines(entries)) text += `${JSON.stringify(pack satisfies LogReadRecord)}\n`;
    } else {
      for (const line of entries) text += `${JSON.stringify(line satisfies LogReadRecord)}\n`;
    }
    const bytes = encoder.encode(text);
    this.#enqueued += bytes.byteLength;
    this.#uncredited.push({ end: this.#enqueued, cost: logReadBatchBytes(entries) });
    this.#controller.enqueue(bytes);
    // A client already waiting took it at once.
    this.#creditTaken();
    this.#checkOverflow();
  }

  // Batches may come before the read is attached (an agent that answers at once): checked again then.
  #checkOverflow(): void {
    if (this.#closed || this.#read === undefined || this.#read.windowed) return;
    if (queuedBytes(this.#controller) > this.#maxUnwindowedBytes) this.#overflow();
  }

  /** The read ended: the body ends too, after `lastLine` when given. */
  end(lastLine?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (lastLine !== undefined) this.#controller.enqueue(encoder.encode(lastLine));
    this.#controller.close();
    this.#read?.cancel();
  }

  /** Drops the response mid-stream (see `cutResponse`) and stops the read. */
  cut(c: AppContext): void {
    if (this.#closed) return;
    this.abandon();
    cutResponse(c, this.#controller);
  }

  /** The client went away, or the response never started: the agent stops reading. */
  abandon(): void {
    this.#closed = true;
    this.#read?.cancel();
  }

  #creditTaken(): void {
    const taken = this.#enqueued - queuedBytes(this.#controller);
    let cost = 0;
    while (this.#uncredited.length > 0 && this.#uncredited[0]!.end <= taken)
      cost += this.#uncredited.shift()!.cost;
    if (cost > 0) this.#read?.credit(cost);
  }
}
