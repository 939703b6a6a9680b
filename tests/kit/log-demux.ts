/**
 * Splits Docker's multiplexed log stream (non-TTY containers) into stdout and
 * stderr. Each frame is an 8-byte header (stream type, three zero bytes, payload
 * length as big-endian uint32) followed by the payload.
 *
 * Written here rather than using docker-modem's `demuxStream`, which re-copies
 * its whole pending buffer on every chunk and frame (quadratic on large logs),
 * and which silently switches to raw passthrough when it meets a byte it does not
 * expect, where a test wants a loud failure.
 */
export class LogDemuxer {
  private readonly out: Buffer[] = [];
  private readonly err: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes needed before parsing can make progress: a header, or a whole frame once its header is known. */
  private needed = 8;

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Chunks are only joined once a whole frame is there, so each byte is copied at most once here.
    if (this.pendingBytes < this.needed) return;
    const buffer = this.pending.length === 1 ? chunk : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    this.needed = 8;
    while (buffer.length - offset >= 8) {
      const type = buffer[offset]!;
      if (type !== 1 && type !== 2) {
        throw new Error(
          `log stream is not multiplexed: stream type ${type} where a frame header should start`,
        );
      }
      const frameBytes = 8 + buffer.readUInt32BE(offset + 4);
      if (buffer.length - offset < frameBytes) {
        this.needed = frameBytes;
        break;
      }
      (type === 1 ? this.out : this.err).push(buffer.subarray(offset + 8, offset + frameBytes));
      offset += frameBytes;
    }
    const rest = buffer.subarray(offset);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
  }

  /** The two streams' bytes; throws if the stream ended inside a frame. */
  end(): { stdout: Buffer; stderr: Buffer } {
    if (this.pendingBytes > 0)
      throw new Error(`log stream ended inside a frame (${this.pendingBytes} bytes left over)`);
    return { stdout: Buffer.concat(this.out), stderr: Buffer.concat(this.err) };
  }
}
