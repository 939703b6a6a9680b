import { describe, expect, it } from 'vitest';
import { describeError, EXIT, exitCodeFor, ManagerError } from './exit-codes.ts';

describe('exitCodeFor', () => {
  it("gives a failing manager store the unavailable code, never the login's", () => {
    const full = new ManagerError(
      'store_unavailable',
      "the manager's database is full (no space left on its disk); try again once space is freed",
      503,
    );
    expect(exitCodeFor(full)).toBe(EXIT.unavailable);
    expect(exitCodeFor(full)).not.toBe(EXIT.unauthorized);
    expect(describeError(full)).toBe(
      "the manager's database is full (no space left on its disk); try again once space is freed",
    );
  });

  it('keeps a refused login an auth failure', () => {
    expect(exitCodeFor(new ManagerError('unauthorized', 'not logged in', 401))).toBe(EXIT.unauthorized);
  });
});
