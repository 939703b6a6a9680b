import { describe, expect, it } from 'vitest';
import { StoreFailures } from './store-failures.ts';

describe('StoreFailures', () => {
  it('is ok and counts nothing at first', () => {
    expect(new StoreFailures(() => 5).state()).toEqual({ ok: true, errorsTotal: 0 });
  });

  it('fails from the first failure, keeps the latest message, and counts every failure', () => {
    let now = 100;
    const failures = new StoreFailures(() => now);
    expect(failures.failed('disk full')).toBe(true);
    now = 200;
    expect(failures.failed('still full')).toBe(false);
    failures.stillFailing('probe: full');
    expect(failures.state()).toEqual({ ok: false, failingSince: 100, error: 'probe: full', errorsTotal: 2 });
  });

  it('recovers: answers since when it failed, is ok again, and keeps the count', () => {
    const failures = new StoreFailures(() => 7);
    expect(failures.recovered()).toBeUndefined();
    failures.failed('busy');
    expect(failures.recovered()).toBe(7);
    expect(failures.state()).toEqual({ ok: true, errorsTotal: 1 });
    expect(failures.failed('busy again')).toBe(true);
  });
});
