import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ConcurrencyGate', () => {
  it('runs up to maxRunning at once, queues the rest in order, refuses beyond maxWaiting', async () => {
    const gate = new ConcurrencyGate(2, 2);
    const started: number[] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const runs = gates.map((d, i) =>
      gate.run(async () => {
        started.push(i);
        await d.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.waiting).toBe(2);
    await expect(gate.run(async () => 99)).rejects.toMatchObject({ code: 'rate_limited' });

    gates[1]?.resolve();
    expect(await runs[1]).toBe(1);
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.reject(new Error('boom'));
    await expect(runs[0]).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2, 3]);
    expect(gate.running).toBe(2);
    gates[2]?.resolve();
    gates[3]?.resolve();
    expect(await Promise.all([runs[2], runs[3]])).toEqual([2, 3]);
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('refuses nonsense limits', () => {
    expect(() => new ConcurrencyGate(0, 1)).toThrow(RangeError);
    expect(() => new ConcurrencyGate(1, -1)).toThrow(RangeError);
  });
});
