import { ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { FairGate } from './fair-gate.ts';

/** A task that finishes when the test says, recording when it started. */
function heldTask(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FairGate', () => {
  it('serves waiting sources in turn, one task each per round', async () => {
    const gate = new FairGate({ maxRunning: 1, perSource: 3, maxWaiting: 10 });
    const log: string[] = [];
    const tasks = ['a1', 'a2', 'a3', 'b1', 'c1'].map((name) => ({ name, ...heldTask(log, name) }));
    const runs = tasks.map(({ name, task }) => gate.run(name[0]!, task));
    for (const { finish } of ['a1', 'a2', 'b1', 'c1', 'a3'].map((n) => tasks.find((t) => t.name === n)!)) {
      await settle();
      finish();
    }
    await Promise.all(runs);
    expect(log).toEqual(['a1', 'a2', 'b1', 'c1', 'a3']);
  });

  it('refuses a source past its share, and anyone once the waiting room is full', async () => {
    const gate = new FairGate({ maxRunning: 1, perSource: 2, maxWaiting: 2 });
    const log: string[] = [];
    const a1 = heldTask(log, 'a1');
    const running = [gate.run('a', a1.task), gate.run('a', heldTask(log, 'a2').task)];
    await expect(gate.run('a', heldTask(log, 'a3').task)).rejects.toThrow(
      new ProtocolError(
        'rate_limited',
        'too many password checks from your address at once; try again shortly',
      ),
    );
    running.push(gate.run('b', heldTask(log, 'b1').task));
    await expect(gate.run('c', heldTask(log, 'c1').task)).rejects.toThrow(
      new ProtocolError('rate_limited', 'too many password checks at once; try again shortly'),
    );
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 1, waiting: 2 });
    a1.finish();
    await settle();
    expect(log).toEqual(['a1', 'a2']);
  });

  it('passes on a failing task and frees its slot', async () => {
    const gate = new FairGate({ maxRunning: 1, perSource: 1, maxWaiting: 1 });
    await expect(gate.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('a', async () => 'again')).toBe('again');
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });
});
