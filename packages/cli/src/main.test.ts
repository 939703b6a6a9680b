import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { buildProgram, runProgram } from './main.ts';

describe('runProgram', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it.each([
    [['ps', '--bogus']],
    [['logs']],
    [['ps', '--format', '../x']],
    [['token', 'create', '--bogus']],
    [['nosuch']],
  ])('a usage error of %j exits 2, not 1', async (args) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runProgram(buildProgram(), ['node', 'bosun', ...args]);
    expect(process.exitCode).toBe(EXIT.usage);
    expect(stderr).toHaveBeenCalled();
  });
});
