import { describe, expect, it } from 'vitest';
import { stripAnsiEscapes } from './ansi-escapes.ts';

describe('stripAnsiEscapes', () => {
  it('leaves a line without escapes as it is', () => {
    const line = 'plain [text] 100%';
    expect(stripAnsiEscapes(line)).toBe(line);
  });

  it('removes colours, titles, hyperlinks and charset switches', () => {
    expect(stripAnsiEscapes('\x1b[1;31mERROR\x1b[0m x')).toBe('ERROR x');
    expect(stripAnsiEscapes('\x1b]0;title\x07up')).toBe('up');
    expect(stripAnsiEscapes('\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\')).toBe('link');
    expect(stripAnsiEscapes('\x1b(Bdone')).toBe('done');
    expect(stripAnsiEscapes('cut\x1b')).toBe('cut');
  });
});
