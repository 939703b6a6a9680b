import type { LogLine } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import { describe, expect, it } from 'vitest';
import { grepFilter } from './grep-filter.ts';

function line(text: string, base64 = false): LogLine {
  return {
    kind: 'line',
    seq: 1,
    ts: '2024-01-01T00:00:00.000000001Z',
    stream: 'stdout',
    text,
    ...(base64 ? { encoding: 'base64' as const } : {}),
  };
}

function grep(query: string) {
  const compiled = compileLinePattern({ query, regex: true, caseSensitive: true });
  if (!compiled.ok) throw new Error(compiled.message);
  return grepFilter(compiled.matcher);
}

describe('grepFilter', () => {
  it('looks at the text as printed, ANSI sequences and a trailing CR included', () => {
    expect(grep('\\x1b\\[31mERROR')(line('\u001b[31mERROR\u001b[0m disk full'))).toBe(true);
    expect(grep('full\\r$')(line('disk full\r'))).toBe(true);
    expect(grep('full$')(line('disk full\r'))).toBe(false);
  });

  it('decodes base64 lines, bytes that are not UTF-8 read as U+FFFD', () => {
    const bytes = Buffer.from([0x6f, 0x6b, 0x20, 0xff, 0x21]).toString('base64');
    expect(grep('^ok \\uFFFD!$')(line(bytes, true))).toBe(true);
  });
});
