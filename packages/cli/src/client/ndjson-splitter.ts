import { MAX_FRAME_BYTES } from '@bosun/protocol';

const NEWLINE = 0x0a;

/**
 * Cuts a byte stream into NDJSON records. Splitting happens on bytes, before any decoding, so a
 * UTF-8 character cut by a chunk boundary is whole again once the record is. A record without
 * its newline waits for the next chunk; one that grows past `maxRecordBytes` is refused rather
 * than buffered without bound.
 */
export class NdjsonSplitter {
  readonly #maxRecordBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(maxRecordBytes = MAX_FRAME_BYTES) {
    this.#maxRecordBytes = maxRecordBytes;
  }

  /** The complete records in `chunk` (and before it), without their newlines; blank lines are skipped. */
  push(chunk: Uint8Array): Buffer[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const records: Buffer[] = [];
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      this.#add(bytes.subarray(start, end));
      const record = this.#take();
      if (record.length > 0) records.push(record);
      start = end + 1;
    }
    if (start < bytes.length) this.#add(Buffer.from(bytes.subarray(start)));
    return records;
  }

  /** What is left when the stream ends: a last record that had no newline. */
  end(): Buffer[] {
    const record = this.#take();
    return record.length > 0 ? [record] : [];
  }

  #add(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#pendingBytes += piece.length;
    if (this.#pendingBytes > this.#maxRecordBytes) {
      throw new Error(`the manager sent a log record over ${this.#maxRecordBytes} bytes`);
    }
    this.#pending.push(piece);
  }

  #take(): Buffer {
    const record = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return record;
  }
}
