import { describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes.ts';
import { chooseLogFormat } from './logger.ts';

describe('chooseLogFormat', () => {
  it('writes readable lines to a terminal and JSON lines anywhere else', () => {
    expect(chooseLogFormat({}, { isTTY: true })).toBe('pretty');
    expect(chooseLogFormat({}, { isTTY: false })).toBe('json');
    expect(chooseLogFormat({}, {})).toBe('json');
  });

  it('does what BOSUN_LOG_FORMAT says, wherever the lines go', () => {
    expect(chooseLogFormat({ BOSUN_LOG_FORMAT: 'json' }, { isTTY: true })).toBe('json');
    expect(chooseLogFormat({ BOSUN_LOG_FORMAT: 'pretty' }, { isTTY: false })).toBe('pretty');
    expect(chooseLogFormat({ BOSUN_LOG_FORMAT: '' }, { isTTY: true })).toBe('pretty');
  });

  it('refuses any other BOSUN_LOG_FORMAT as a usage error', () => {
    expect(() => chooseLogFormat({ BOSUN_LOG_FORMAT: 'text' }, { isTTY: true })).toThrow(UsageError);
  });
});
