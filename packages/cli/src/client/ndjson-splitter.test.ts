import { describe, expect, it } from 'vitest';
import { NdjsonSplitter } from './ndjson-splitter.ts';

const text = (records: Buffer[]) => records.map((r) => r.toString('utf8'));

describe('NdjsonSplitter', () => {
  it('splits records and keeps the unfinished one for the next chunk', () => {
    const splitter = new NdjsonSplitter();
    expect(text(splitter.push(Buffer.from('{"a":1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(text(splitter.push(Buffer.from(':2}\n')))).toEqual(['{"b":2}']);
    expect(splitter.end()).toEqual([]);
  });

  it('joins a UTF-8 character cut by a chunk boundary', () => {
    const all = Buffer.from('{"t":"🐳é"}\n');
    const splitter = new NdjsonSplitter();
    const out: Buffer[] = [];
    for (let i = 0; i < all.length; i++) out.push(...splitter.push(all.subarray(i, i + 1)));
    expect(text(out)).toEqual(['{"t":"🐳é"}']);
  });

  it('gives any chunking the same records', () => {
    const records = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, s: 'x'.repeat(i * 7) }));
    const all = Buffer.from(`${records.join('\n')}\n`);
    for (const size of [1, 3, 17, 64, 1000, all.length]) {
      const splitter = new NdjsonSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < all.length; i += size) out.push(...splitter.push(all.subarray(i, i + size)));
      out.push(...splitter.end());
      expect(text(out)).toEqual(records);
    }
  });

  it('returns a last record without a newline at the end, and skips blank lines', () => {
    const splitter = new NdjsonSplitter();
    expect(text(splitter.push(Buffer.from('\n{"a":1}\n\n{"b":2}')))).toEqual(['{"a":1}']);
    expect(text(splitter.end())).toEqual(['{"b":2}']);
  });

  it('refuses a record past its bound instead of buffering it', () => {
    const splitter = new NdjsonSplitter(10);
    splitter.push(Buffer.from('12345'));
    expect(() => splitter.push(Buffer.from('678901'))).toThrow(/over 10 bytes/);
  });
});
