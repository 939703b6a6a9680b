import type { LogStream } from '@bosun/protocol';
import { LogStreamError } from './log-stream-error.ts';

// Docker's multiplexed format (non-TTY containers): [stream, 0, 0, 0, size as uint32 BE] then
// `size` payload bytes, one frame per log message.
const HEADER_BYTES = 8;
const STDOUT = 1;
const STDERR = 2;
// Docker's "systemerr" stream: the daemon reports a failure while reading the logs (e.g. a corrupt
// json-file line) as "Error grabbing logs: ..." in a frame of its own, then carries on.
const SYSTEM_ERROR = 3;

/**
 * Docker never puts more in a frame than one 16 KiB message plus its timestamp prefix. A size far
 * beyond that means the stream is misaligned, and trusting it would buffer garbage.
 */
export const DEFAULT_MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024;
// A payload split across chunks (about one per socket read) is gathered in a reused buffer sized
// for Docker's largest frame, a 16 KiB piece plus its timestamp prefix. One grown past that for an
// unusual frame is let go afterwards, so a followed container keeps at most this much.
const KEEP_GATHER_BYTES = 16 * 1024 + 64;
const NOT_IN_PAYLOAD = -1;
const MAX_ERROR_TEXT = 1000;

/** Where frames and stream errors go, and the largest frame believed. */
export interface DockerFrameDemuxerOptions {
  /**
   * `payload` is only valid during the call: it is a view of the caller's chunk, or of a buffer
   * reused for the next payload split across chunks.
   */
  onFrame(stream: LogStream, payload: Uint8Array): void;
  /** Fatal errors stop the demuxer until reset(); a `docker_error` does not. */
  onError(error: LogStreamError): void;
  /** DEFAULT_MAX_FRAME_PAYLOAD_BYTES by default. */
  maxPayloadBytes?: number;
}

/**
 * First stage for a non-TTY container: cuts Docker's multiplexed body into frames, however it is
 * chunked, and passes each payload on with its stream; Docker's own error frames become
 * `docker_error`s and the stream goes on.
 *
 * Bound: a header cut by a chunk boundary is kept in 8 bytes, a payload cut by one is gathered in
 * a reused buffer of at most maxPayloadBytes. A larger size means the stream is misaligned: a
 * fatal `frame_too_large`, after which nothing more is read until reset().
 */
export class DockerFrameDemuxer {
  readonly #onFrame: DockerFrameDemuxerOptions['onFrame'];
  readonly #onError: DockerFrameDemuxerOptions['onError'];
  readonly #maxPayload: number;
  // Only used when a header is split across chunks; bounded at 8 bytes.
  readonly #header = new Uint8Array(HEADER_BYTES);
  #headerFill = 0;
  // Bounded by maxPayloadBytes: sizes beyond it are rejected before anything is gathered.
  #gather: Uint8Array | undefined;
  #gatherFill = 0;
  #gatherSize = NOT_IN_PAYLOAD;
  #gatherStream = 0;
  #failed = false;

  constructor(options: DockerFrameDemuxerOptions) {
    this.#onFrame = options.onFrame;
    this.#onError = options.onError;
    this.#maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_FRAME_PAYLOAD_BYTES;
  }

  /** The next chunk of the body, cut anywhere. */
  push(chunk: Uint8Array): void {
    if (this.#failed) return;
    const end = chunk.length;
    let pos = 0;
    if (this.#gatherSize !== NOT_IN_PAYLOAD) {
      pos = this.#gatherMore(chunk, 0);
      if (this.#gatherSize !== NOT_IN_PAYLOAD) return;
    }
    while (pos < end) {
      let stream: number;
      let padding: number;
      let size: number;
      if (this.#headerFill === 0 && end - pos >= HEADER_BYTES) {
        stream = chunk[pos]!;
        padding = chunk[pos + 1]! | chunk[pos + 2]! | chunk[pos + 3]!;
        size = readSize(chunk, pos + 4);
        pos += HEADER_BYTES;
      } else {
        const header = this.#header;
        while (this.#headerFill < HEADER_BYTES && pos < end) header[this.#headerFill++] = chunk[pos++]!;
        if (this.#headerFill < HEADER_BYTES) return;
        this.#headerFill = 0;
        stream = header[0]!;
        padding = header[1]! | header[2]! | header[3]!;
        size = readSize(header, 4);
      }
      if (padding !== 0 || stream < STDOUT || stream > SYSTEM_ERROR) {
        this.#fail('bad_frame_header', `not a Docker frame header (stream byte ${stream})`);
        return;
      }
      if (size > this.#maxPayload) {
        this.#fail('frame_too_large', `frame of ${size} bytes exceeds ${this.#maxPayload}`);
        return;
      }
      if (end - pos >= size) {
        this.#deliver(stream, chunk.subarray(pos, pos + size));
        pos += size;
      } else {
        this.#gatherSize = size;
        this.#gatherStream = stream;
        this.#gatherFill = 0;
        if (this.#gather === undefined || this.#gather.length < size) {
          this.#gather = new Uint8Array(Math.max(size, KEEP_GATHER_BYTES));
        }
        pos = this.#gatherMore(chunk, pos);
      }
    }
  }

  /** The follow ended. A frame cut short is reported; either way the next push() starts afresh. */
  end(): void {
    const cut = this.#headerFill > 0 || this.#gatherSize !== NOT_IN_PAYLOAD;
    const failed = this.#failed;
    this.reset();
    if (cut && !failed) {
      this.#onError(new LogStreamError('truncated_frame', 'the log stream ended inside a frame', false));
    }
  }

  /** Forget any partial frame and a previous fatal error: the next byte is the start of a stream. */
  reset(): void {
    this.#headerFill = 0;
    this.#gatherSize = NOT_IN_PAYLOAD;
    this.#gatherFill = 0;
    this.#failed = false;
    if (this.#gather !== undefined && this.#gather.length > KEEP_GATHER_BYTES) this.#gather = undefined;
  }

  #gatherMore(chunk: Uint8Array, pos: number): number {
    const gather = this.#gather!;
    const take = Math.min(this.#gatherSize - this.#gatherFill, chunk.length - pos);
    gather.set(chunk.subarray(pos, pos + take), this.#gatherFill);
    this.#gatherFill += take;
    if (this.#gatherFill === this.#gatherSize) {
      const size = this.#gatherSize;
      this.#gatherSize = NOT_IN_PAYLOAD;
      this.#deliver(this.#gatherStream, gather.subarray(0, size));
      if (gather.length > KEEP_GATHER_BYTES) this.#gather = undefined;
    }
    return pos + take;
  }

  #deliver(stream: number, payload: Uint8Array): void {
    if (stream === STDOUT) this.#onFrame('stdout', payload);
    else if (stream === STDERR) this.#onFrame('stderr', payload);
    else this.#onError(new LogStreamError('docker_error', systemErrorText(payload), false));
  }

  #fail(code: 'bad_frame_header' | 'frame_too_large', message: string): void {
    this.#failed = true;
    this.#headerFill = 0;
    this.#gatherSize = NOT_IN_PAYLOAD;
    this.#onError(new LogStreamError(code, message, true));
  }
}

function readSize(bytes: Uint8Array, at: number): number {
  return bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}

function systemErrorText(payload: Uint8Array): string {
  const text = new TextDecoder().decode(payload.subarray(0, MAX_ERROR_TEXT)).trim();
  return text === '' ? 'Docker reported an error while reading the logs' : text;
}
