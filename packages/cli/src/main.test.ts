import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { buildProgram, runProgram } from './main.ts';
import { CLI_VERSION } from './version.ts';

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

  it.each([[['--version']], [['-V']]])('%j prints the version of bosun and exits 0', async (args) => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await runProgram(buildProgram(), ['node', 'bosun', ...args]);
    expect(process.exitCode).toBe(EXIT.ok);
    expect(stdout).toHaveBeenCalledWith(`${CLI_VERSION}\n`);
  });
});
