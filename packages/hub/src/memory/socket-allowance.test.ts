import { describe, expect, it } from 'vitest';
import { MIN_SOCKET_ALLOWANCE_BYTES, viewerSocketAllowance } from './socket-allowance.ts';

const MiB = 1024 * 1024;

describe('a viewer socket’s allowance of unsent bytes', () => {
  it('is the high-water mark while a few viewers cannot fill a quarter of the budget', () => {
    expect(viewerSocketAllowance(256 * MiB, MiB, 0)).toBe(MiB);
    expect(viewerSocketAllowance(256 * MiB, MiB, 64)).toBe(MiB);
  });

  it('is an equal share of a quarter of the budget with many viewers', () => {
    expect(viewerSocketAllowance(256 * MiB, MiB, 512)).toBe(128 * 1024);
    expect(512 * viewerSocketAllowance(256 * MiB, MiB, 512)).toBe(64 * MiB);
  });

  it('never drops below a few frames', () => {
    expect(viewerSocketAllowance(256 * MiB, MiB, 100_000)).toBe(MIN_SOCKET_ALLOWANCE_BYTES);
  });
});
