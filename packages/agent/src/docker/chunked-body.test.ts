import { describe, expect, it } from 'vitest';
import { ChunkedBody } from './chunked-body.ts';

/** Feeds `wire` to a ChunkedBody cut at `cuts`, and says what came out and how it ended. */
async function decode(wire: Buffer, cuts: number[]): Promise<{ body: Buffer; error?: string }> {
  const chunked = new ChunkedBody();
  const parts: Buffer[] = [];
  chunked.on('data', (b: Buffer) => parts.push(b));
  const ended = new Promise<string | undefined>((resolve) => {
    chunked.once('end', () => resolve(undefined));
    chunked.once('error', (e) => resolve(e.message));
  });
  let from = 0;
  for (const cut of [...cuts, wire.length]) {
    chunked.write(wire.subarray(from, cut));
    from = cut;
  }
  chunked.end();
  const error = await ended;
  return { body: Buffer.concat(parts), ...(error !== undefined ? { error } : {}) };
}

const payloads = [Buffer.from([1, 0, 0, 0, 0, 0, 0, 4, 0x61, 0x0d, 0x0a, 0xff]), Buffer.from('second\n')];
const wire = Buffer.concat([
  ...payloads.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]),
  Buffer.from('0\r\n\r\n'),
]);

describe('ChunkedBody', () => {
  it('gives the payloads in order, however the wire is cut', async () => {
    for (let a = 0; a <= wire.length; a++) {
      for (const b of [a, Math.min(wire.length, a + 1), Math.min(wire.length, a + 7)]) {
        expect(await decode(wire, [a, b])).toEqual({ body: Buffer.concat(payloads) });
      }
    }
  });

  it('fails when the input stops before the last chunk', async () => {
    const cut = await decode(wire.subarray(0, wire.length - 5), []);
    expect(cut.error).toBe('Docker closed the log stream before its end');
    expect(cut.body).toEqual(Buffer.concat(payloads));
  });

  it('fails on a size that is not hex and on data longer than its size', async () => {
    expect((await decode(Buffer.from('zz\r\nab\r\n0\r\n\r\n'), [])).error).toBe(
      'Docker sent a chunk size that is not hex',
    );
    expect((await decode(Buffer.from('1\r\nab\r\n0\r\n\r\n'), [])).error).toBe(
      'Docker sent more data than its chunk size',
    );
  });
});
