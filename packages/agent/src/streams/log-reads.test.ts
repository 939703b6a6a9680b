import { PassThrough } from 'node:stream';
import type { LogLine } from '@bosun/protocol';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { bytes, frame, tsAt } from '../testing/index.ts';
import { LogReads } from './log-reads.ts';

/** A Docker whose one container's stored log is `body`, and a sink that records what is sent. */
function bed() {
  const body = new PassThrough();
  const docker = {
    getContainer: () => ({ inspect: async () => ({ Id: 'c'.repeat(64), Config: { Tty: false } }) }),
    modem: {
      dial: (_options: unknown, callback: (error: unknown, response: unknown) => void) =>
        callback(null, body),
    },
  } as unknown as Docker;
  const sent: LogLine[][] = [];
  const logged: Array<{ msg: string; fields: Record<string, unknown> }> = [];
  const reads = new LogReads(
    docker,
    {
      send: async (_readId, lines) => {
        sent.push(lines);
      },
    },
    (_level, msg, fields) => logged.push({ msg, fields }),
  );
  // Ten characters of text each.
  const write = (from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      body.write(frame('stdout', bytes(`${tsAt(i)} line ${String(i).padStart(5, '0')}\n`)));
    }
  };
  return { body, reads, sent, logged, write, lines: () => sent.flat().length };
}

/** Waits until `condition` holds, a turn of the event loop at a time, for at most 200 turns. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

/** Lets the event loop run some turns, so anything that was going to be sent would have been. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
}

/** A read whose first batch used up its window, with more lines waiting in Docker's body. */
async function readOutOfCredit() {
  const t = bed();
  const read = t.reads.read({ container: 'c', readId: 'r1', window: 10 });
  t.write(0, 1);
  await until(() => t.sent.length === 1);
  t.write(1, 20);
  await settle();
  return { t, read };
}

describe('a stored-log read with a window', () => {
  it('sends nothing past its credit, with the Docker body paused, and resumes on credit', async () => {
    const t = bed();
    let result: { lines: number } | undefined;
    const read = t.reads.read({ container: 'c', readId: 'r1', window: 10 }).then((r) => {
      result = r;
      return r;
    });
    t.write(0, 1);
    await until(() => t.sent.length === 1);
    t.write(1, 49);
    t.body.end();
    await settle();
    expect(t.sent).toHaveLength(1);
    expect(t.body.isPaused()).toBe(true);
    expect(result).toBeUndefined();

    t.reads.credit('r1', 1_000);
    expect((await read).lines).toBe(50);
    expect(t.sent.flat().map((l) => l.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(5, '0')}`),
    );
  });

  it('reads to the end without credit when the manager gave no window (protocol 1)', async () => {
    const t = bed();
    const read = t.reads.read({ container: 'c', readId: 'r1' });
    t.write(0, 30);
    t.body.end();
    expect((await read).lines).toBe(30);
  });

  it('on cancel destroys the Docker body and answers at once with what was sent', async () => {
    const { t, read } = await readOutOfCredit();
    t.reads.cancel('r1');
    const result = await read;
    expect(result.lines).toBe(t.lines());
    expect(t.body.destroyed).toBe(true);
    expect(t.logged).toEqual([{ msg: 'log read cancelled', fields: { readId: 'r1' } }]);
    expect(t.reads.running).toBe(0);
  });

  it('stops every read, waiting or not, when the link goes down', async () => {
    const { t, read } = await readOutOfCredit();
    t.reads.cancelAll();
    expect((await read).lines).toBe(t.lines());
    expect(t.body.destroyed).toBe(true);
    expect(t.logged).toEqual([
      { msg: 'log read cancelled', fields: { readId: 'r1', reason: 'the link went down' } },
    ]);
  });
});
