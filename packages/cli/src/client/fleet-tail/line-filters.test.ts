import type { LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../exit-codes.ts';
import { allOf, levelFilter, parseLevelOption, parseStreamOption, streamFilter } from './line-filters.ts';

function line(text: string, stream: 'stdout' | 'stderr' = 'stdout'): LogLine {
  return { kind: 'line', seq: 1, ts: '2024-01-01T00:00:00Z', stream, text };
}

describe('line filters', () => {
  it('keeps one stream', () => {
    const keep = streamFilter('stderr');
    expect(keep(line('a', 'stderr'))).toBe(true);
    expect(keep(line('a', 'stdout'))).toBe(false);
  });

  it('keeps lines by the level the web viewer detects, none for lines without one', () => {
    const keep = levelFilter(parseLevelOption('error,none'));
    expect(keep(line('ERROR: disk full'))).toBe(true);
    expect(keep(line('{"level":"warn","msg":"slow"}'))).toBe(false);
    expect(keep(line('\x1b[31m[error]\x1b[0m boom'))).toBe(true);
    expect(keep(line('just text'))).toBe(true);
    expect(levelFilter(parseLevelOption('warn'))(line('{"level":"warn","msg":"slow"}'))).toBe(true);
  });

  it('reads base64 lines decoded', () => {
    const keep = levelFilter(parseLevelOption('warn'));
    const binary: LogLine = { ...line(Buffer.from('WARN \xff odd').toString('base64')), encoding: 'base64' };
    expect(keep(binary)).toBe(true);
  });

  it('needs every filter to keep a line', () => {
    const keep = allOf([streamFilter('stdout'), levelFilter(parseLevelOption('info'))]);
    expect(keep(line('INFO up', 'stdout'))).toBe(true);
    expect(keep(line('INFO up', 'stderr'))).toBe(false);
    expect(allOf([])(line('x'))).toBe(true);
  });

  it('refuses unknown streams and levels', () => {
    expect(() => parseStreamOption('both')).toThrow(UsageError);
    expect(() => parseLevelOption('error,loud')).toThrow(/--level expects/);
    expect([...parseLevelOption(' Error , WARN')]).toEqual(['error', 'warn']);
  });
});
