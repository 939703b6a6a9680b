import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.ts';
import { canonicalLineFilter, compileLineFilter, entryPasses, lineFilterKey } from './log-line-match.ts';
import type { LogEntry } from './logs.ts';

const out = (text: string) => ({ text, stream: 'stdout' as const });
const err = (text: string) => ({ text, stream: 'stderr' as const });
const base64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

describe('compileLineFilter', () => {
  it('keeps every line when nothing is asked', () => {
    const match = compileLineFilter({});
    expect([match(out('')), match(err('anything'))]).toEqual([true, true]);
  });

  it('finds a substring, ignoring case unless asked not to', () => {
    const loose = compileLineFilter({ pattern: 'error' });
    expect([loose(out('ERROR x')), loose(out('an error')), loose(out('fine'))]).toEqual([true, true, false]);
    const strict = compileLineFilter({ pattern: 'error', caseSensitive: true });
    expect([strict(out('ERROR x')), strict(out('an error'))]).toEqual([false, true]);
  });

  it('takes a substring literally and a regex as one', () => {
    expect(compileLineFilter({ pattern: 'a.c' })(out('abc'))).toBe(false);
    expect(compileLineFilter({ pattern: 'a.c', regex: true })(out('abc'))).toBe(true);
    expect(compileLineFilter({ pattern: '^E\\d+$', regex: true })(out('e42'))).toBe(true);
  });

  it('refuses a pattern the safe matcher cannot compile, with its sentence', () => {
    expect(() => compileLineFilter({ pattern: '(', regex: true })).toThrow(ProtocolError);
    const tooLong = () => compileLineFilter({ pattern: 'x'.repeat(1001) });
    expect(tooLong).toThrow(/too long/);
    expect(tooLong).toThrow(expect.objectContaining({ code: 'invalid_data' }));
  });

  it('keeps only the streams asked for', () => {
    const match = compileLineFilter({ streams: ['stderr'] });
    expect([match(out('x')), match(err('x'))]).toEqual([false, true]);
  });

  it('keeps lines by detected level; a line without one matches no level', () => {
    const match = compileLineFilter({ levels: ['error', 'warn'] });
    expect(match(out('ERROR: disk full'))).toBe(true);
    expect(match(out('[WARN] slow'))).toBe(true);
    expect(match(out('INFO started'))).toBe(false);
    expect(match(out('just text'))).toBe(false);
    expect(match(out('{"level":"error","msg":"boom"}'))).toBe(true);
    expect(match(out('{"level":"info","msg":"ERROR: not the level"}'))).toBe(false);
  });

  it('reads the level on the text without ANSI escapes, the pattern on it or on the text as written', () => {
    const coloured = out('\x1b[31mERROR\x1b[0m: disk \x1b[1mfull\x1b[0m');
    expect(compileLineFilter({ levels: ['error'] })(coloured)).toBe(true);
    expect(compileLineFilter({ pattern: 'disk full' })(coloured)).toBe(true);
    // The text as written counts too: what `grep` would find in `docker logs`.
    expect(compileLineFilter({ pattern: '\\x1b\\[31m', regex: true })(coloured)).toBe(true);
    expect(compileLineFilter({ pattern: 'disk fullx' })(coloured)).toBe(false);
  });

  it('matches a line that is not UTF-8 on its text decoded with replacement characters', () => {
    const line = {
      text: base64([0x74, 0x69, 0x6d, 0x65, 0x6f, 0x75, 0x74, 0x20, 0xff]),
      stream: 'stdout' as const,
    };
    const binary = { ...line, encoding: 'base64' as const };
    expect(compileLineFilter({ pattern: 'timeout' })(binary)).toBe(true);
    expect(compileLineFilter({ pattern: '\ufffd' })(binary)).toBe(true);
    // The base64 itself is never what is searched.
    expect(compileLineFilter({ pattern: line.text })(binary)).toBe(false);
  });

  it('wants every present field to agree', () => {
    const match = compileLineFilter({ pattern: 'db', streams: ['stderr'], levels: ['error'] });
    expect(match(err('ERROR db down'))).toBe(true);
    expect(match(out('ERROR db down'))).toBe(false);
    expect(match(err('ERROR cache down'))).toBe(false);
    expect(match(err('INFO db up'))).toBe(false);
  });
});

describe('entryPasses', () => {
  const match = compileLineFilter({ pattern: 'ERROR' });
  it('lets markers through whatever the filter', () => {
    const markers: LogEntry[] = [
      { kind: 'restart', afterSeq: 3, ts: '2026-01-01T00:00:00.000000000Z' },
      { kind: 'gap', fromSeq: 4, toSeq: 9, reason: 'agent_backpressure' },
      { kind: 'end', afterSeq: 9, reason: 'removed' },
    ];
    expect(markers.map((entry) => entryPasses(match, entry))).toEqual([true, true, true]);
  });

  it('judges lines by the filter', () => {
    const line = (text: string): LogEntry => ({
      kind: 'line',
      seq: 1,
      ts: '2026-01-01T00:00:00.000000000Z',
      stream: 'stdout',
      text,
    });
    expect([entryPasses(match, line('ERROR x')), entryPasses(match, line('noise'))]).toEqual([true, false]);
  });
});

describe('canonicalLineFilter and lineFilterKey', () => {
  it('drops what changes nothing, so a filter that keeps everything has no form', () => {
    expect(canonicalLineFilter({})).toBeUndefined();
    expect(canonicalLineFilter({ regex: true, caseSensitive: true })).toBeUndefined();
    expect(canonicalLineFilter({ streams: ['stderr', 'stdout'] })).toBeUndefined();
    expect(lineFilterKey({ streams: ['stdout', 'stderr'] })).toBe('');
  });

  it('gives one key to filters that differ only in order, repeats and defaults', () => {
    const a = lineFilterKey({ pattern: 'x', regex: false, levels: ['warn', 'error', 'warn'] });
    const b = lineFilterKey({ levels: ['error', 'warn'], caseSensitive: false, pattern: 'x' });
    expect(a).toBe(b);
    expect(a).not.toBe(lineFilterKey({ pattern: 'x', levels: ['error', 'warn'], caseSensitive: true }));
  });
});
