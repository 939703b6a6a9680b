import { describe, expect, it } from 'vitest';
import { MAX_JSON_LINE_LENGTH, MAX_SUMMARY_FIELDS, parseJsonLine, summarizeJson } from './json-line.ts';

describe('parseJsonLine', () => {
  it('parses a line that is one JSON object', () => {
    expect(parseJsonLine('{"level":"info","msg":"up"}')).toEqual({ level: 'info', msg: 'up' });
    expect(parseJsonLine('  {"a":1}\r')).toEqual({ a: 1 });
  });

  it.each(['plain text', '[1,2]', '{"a":1} trailing', 'prefix {"a":1}', '{not json}', '{', '"{}"'])(
    'leaves %j alone',
    (line) => {
      expect(parseJsonLine(line)).toBeNull();
    },
  );

  it('skips lines past the length bound', () => {
    const big = `{"a":"${'x'.repeat(MAX_JSON_LINE_LENGTH)}"}`;
    expect(parseJsonLine(big)).toBeNull();
  });
});

describe('summarizeJson', () => {
  it('takes msg as the message and the rest as fields in order', () => {
    expect(
      summarizeJson({ level: 'info', msg: 'request done', status: 200, path: '/a b', ok: true, user: null }),
    ).toEqual({
      message: 'request done',
      fields: [
        ['level', 'info'],
        ['status', '200'],
        ['path', '"/a b"'],
        ['ok', 'true'],
        ['user', 'null'],
      ],
    });
  });

  it('falls back to message, then text, and renders nested values as compact JSON', () => {
    expect(summarizeJson({ message: 'hi', ctx: { id: 1, tags: ['a'] } })).toEqual({
      message: 'hi',
      fields: [['ctx', '{"id":1,"tags":["a"]}']],
    });
    expect(summarizeJson({ text: 'hello', n: 1 }).message).toBe('hello');
    expect(summarizeJson({ msg: { nested: true } }).message).toBe('{"nested":true}');
  });

  it('has no message when none of the keys is there', () => {
    expect(summarizeJson({ a: 'b' })).toEqual({ message: null, fields: [['a', 'b']] });
  });

  it('bounds the fields and their length', () => {
    const obj: Record<string, unknown> = { msg: 'm' };
    for (let i = 0; i < MAX_SUMMARY_FIELDS + 10; i++) obj[`k${i}`] = 'v';
    obj.long = 'y'.repeat(10_000);
    const { fields } = summarizeJson(obj);
    expect(fields).toHaveLength(MAX_SUMMARY_FIELDS + 1);
    expect(fields.at(-1)).toEqual(['…', '11 more']);
    expect(summarizeJson({ long: 'y'.repeat(10_000) }).fields[0]?.[1].length).toBeLessThanOrEqual(500);
  });
});
