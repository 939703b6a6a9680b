import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputSink } from './output-sink.ts';

/** A stream that holds every write until `release`, as a reader that stopped reading does. */
function heldStream(highWaterMark = 8) {
  const writes: string[] = [];
  const held: Array<() => void> = [];
  let released = false;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      if (chunk.length > 0) writes.push(chunk.toString());
      if (released) done();
      else held.push(done);
    },
  });
  return {
    stream,
    writes,
    release: () => {
      released = true;
      for (const done of held.splice(0)) done();
    },
  };
}

describe('OutputSink', () => {
  it('writes each run of one stream as one chunk, in order', async () => {
    const out = heldStream(1024);
    const err = heldStream(1024);
    const sink = new OutputSink(out.stream, err.stream);
    sink.add('stdout', [Buffer.from('a\n')]);
    sink.add('stdout', [Buffer.from('b\n')]);
    sink.add('stderr', [Buffer.from('e\n')]);
    sink.add('stdout', [Buffer.from('c\n')]);
    expect(sink.flush()).toBe(true);
    out.release();
    err.release();
    await sink.finish();
    expect(out.writes.join('|')).toBe('a\nb\n|c\n');
    expect(err.writes).toEqual(['e\n']);
  });

  it('says when to wait, and wakes every waiter once the stream drained', async () => {
    const out = heldStream();
    const sink = new OutputSink(out.stream, heldStream().stream);
    sink.add('stdout', [Buffer.from('more than eight bytes\n')]);
    expect(sink.flush()).toBe(false);
    let woken = 0;
    const waits = [sink.drained().then(() => woken++), sink.drained().then(() => woken++)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(0);
    out.release();
    await Promise.all(waits);
    expect(woken).toBe(2);
  });

  it('turns broken on EPIPE without an error, and reports any other write error', async () => {
    const failing = (code: string) =>
      new Writable({
        write(_chunk, _encoding, done) {
          done(Object.assign(new Error(`write ${code}`), { code }));
        },
      });
    const quiet = new OutputSink(failing('EPIPE'), heldStream().stream);
    quiet.add('stdout', [Buffer.from('x\n')]);
    quiet.flush();
    await expect.poll(() => quiet.broken).toBe(true);
    expect(quiet.error).toBeUndefined();

    const loud = new OutputSink(failing('ENOSPC'), heldStream().stream);
    loud.add('stdout', [Buffer.from('x\n')]);
    loud.flush();
    await expect.poll(() => loud.broken).toBe(true);
    expect(loud.error?.message).toMatch(/ENOSPC/);
  });
});
