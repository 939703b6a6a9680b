import { describe, expect, it } from 'vitest';
import { toStoreError } from './sqlite-errors.ts';
import { StoreFailure } from './store-failure.ts';

function sqliteError(errcode: number): Error {
  return Object.assign(new Error('sqlite says something naming /var/lib/bosun/bosun.db'), { errcode });
}

describe('toStoreError', () => {
  it.each([
    [5, 'busy'],
    [6, 'busy'],
    [517, 'busy'], // SQLITE_BUSY_SNAPSHOT
    [13, 'full'],
    [10, 'io'],
    [778, 'io'], // SQLITE_IOERR_WRITE
    [8, 'io'], // SQLITE_READONLY
  ])('makes errcode %i a store_unavailable failure (%s), its message free of paths', (errcode, reason) => {
    const error = toStoreError(sqliteError(errcode), 'creating session');
    expect(error).toBeInstanceOf(StoreFailure);
    expect(error).toMatchObject({ code: 'store_unavailable', reason });
    expect(error.message).toMatch(/^the manager's database .*; try again.* \(creating session\)$/);
    expect(error.message).not.toContain('/var/lib');
  });

  it('keeps other errors internal', () => {
    expect(toStoreError(sqliteError(11), 'reading user')).toMatchObject({ code: 'internal' });
  });
});
