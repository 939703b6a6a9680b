import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseExact } from './parse-exact.ts';

const schema = z.object({
  name: z.string(),
  tags: z.array(z.object({ key: z.string() })),
  extra: z.unknown(),
  note: z.string().optional(),
});

describe('parseExact', () => {
  it('returns a value that matches exactly', () => {
    const value = { name: 'a', tags: [{ key: 'k' }], extra: { anything: [1] } };
    expect(parseExact(schema, value)).toEqual(value);
  });

  it('fails on a key the schema does not know, at any depth, naming where', () => {
    expect(() => parseExact(schema, { name: 'a', tags: [], extra: null, surprise: 1 }, 'the answer')).toThrow(
      'the answer holds what its schema does not describe:\n  surprise: unknown key',
    );
    expect(() =>
      parseExact(schema, { name: 'a', tags: [{ key: 'k' }, { key: 'l', more: true }], extra: 1 }),
    ).toThrow('tags[1].more: unknown key');
  });

  it('fails when the value does not parse, with every issue', () => {
    expect(() => parseExact(schema, { name: 1, tags: 'no', extra: 0 })).toThrow(
      /does not match its schema:\n {2}name: .*\n {2}tags: /,
    );
  });

  it('fails when parsing changed a value', () => {
    const caught = z.object({ count: z.int().catch(0) });
    expect(() => parseExact(caught, { count: 'many' })).toThrow('count: changed by parsing');
  });

  it('treats an undefined key as absent, as JSON would', () => {
    expect(parseExact(schema, { name: 'a', tags: [], extra: 1, gone: undefined })).toEqual({
      name: 'a',
      tags: [],
      extra: 1,
    });
  });
});
