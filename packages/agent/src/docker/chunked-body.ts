import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;
// A chunk-size line is a few hex digits and perhaps an extension; past this it is not HTTP.
const MAX_SIZE_LINE = 1024;

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes an HTTP/1.1 chunked body, handing on what each socket read held as one buffer. Why
 * not Node's HTTP client: Docker flushes every log message, so each ~100-byte line is a chunk of
 * its own, and the client hands each on with a callback and a buffer of its own (measured: the
 * largest cost of the agent on a flood of lines). The end is the last (empty) chunk: input that
 * stops before it fails the stream, so a connection cut mid-body is never taken for the end of
 * the log. Holds at most one chunk-size line besides what it is passing on.
 */
export class ChunkedBody extends Transform {
  #state: State = 'size';
  #line = '';
  // Bytes of the chunk being read still to come.
  #left = 0;

  override _transform(input: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out: Buffer[] = [];
    let i = 0;
    while (i < input.length && this.#state !== 'done') {
      if (this.#state === 'data') {
        const take = Math.min(this.#left, input.length - i);
        out.push(input.subarray(i, i + take));
        i += take;
        this.#left -= take;
        if (this.#left === 0) this.#state = 'data-end';
        continue;
      }
      const end = input.indexOf(LF, i);
      const piece = input.toString('latin1', i, end === -1 ? input.length : end);
      i = end === -1 ? input.length : end + 1;
      this.#line += piece;
      if (this.#line.length > MAX_SIZE_LINE) {
        done(new Error('Docker sent a chunk-size line that is not one'));
        return;
      }
      if (end === -1) break;
      const line = this.#line.charCodeAt(this.#line.length - 1) === CR ? this.#line.slice(0, -1) : this.#line;
      this.#line = '';
      const problem = this.#lineDone(line);
      if (problem !== undefined) {
        done(new Error(problem));
        return;
      }
    }
    if (out.length > 0) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
    done();
  }

  override _flush(done: TransformCallback): void {
    done(this.#state === 'done' ? undefined : new Error('Docker closed the log stream before its end'));
  }

  // One line outside a chunk's data: a size, the end of a chunk's data, or a trailer.
  #lineDone(line: string): string | undefined {
    switch (this.#state) {
      case 'size': {
        const hex = line.split(';', 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) return 'Docker sent a chunk size that is not hex';
        this.#left = Number.parseInt(hex, 16);
        this.#state = this.#left === 0 ? 'trailer' : 'data';
        return undefined;
      }
      case 'data-end':
        if (line !== '') return 'Docker sent more data than its chunk size';
        this.#state = 'size';
        return undefined;
      case 'trailer':
        if (line === '') this.#state = 'done';
        return undefined;
      default:
        return undefined;
    }
  }
}
