import { describe, expect, it } from 'vitest';
import { runHourlyChores } from '../src/runtime/hourly-chores.ts';

function memoryStorage() {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    put: async <T>(key: string, value: T) => {
      values.set(key, value);
    },
  };
}

describe('runHourlyChores', () => {
  it('runs the chores on a first start, then not again until an hour has passed', async () => {
    const storage = memoryStorage();
    const runs: number[] = [];
    const chore = async () => runs.push(runs.length);
    const start = Date.UTC(2026, 11, 6, 12);
    await runHourlyChores(storage, start, [chore], () => {});
    await runHourlyChores(storage, start + 59 * 60_000, [chore], () => {});
    expect(runs).toHaveLength(1);
    await runHourlyChores(storage, start + 60 * 60_000, [chore], () => {});
    expect(runs).toHaveLength(2);
  });

  it('reports a failing chore and still runs the others', async () => {
    const errors: unknown[] = [];
    let ran = false;
    await runHourlyChores(
      memoryStorage(),
      Date.now(),
      [
        () => Promise.reject(new Error('store down')),
        async () => {
          ran = true;
        },
      ],
      (error) => errors.push(error),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(true);
    expect(errors).toEqual([new Error('store down')]);
  });
});
