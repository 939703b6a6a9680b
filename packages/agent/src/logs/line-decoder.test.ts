import { describe, expect, it } from 'vitest';
import { bytes } from '../testing/index.ts';
import { decodeLine } from './line-decoder.ts';

describe('decodeLine', () => {
  it('strips only the final "\\n" and keeps "\\r"', () => {
    expect(decodeLine(bytes('crlf\r\n'))).toEqual({ text: 'crlf\r' });
    expect(decodeLine(bytes('no newline'))).toEqual({ text: 'no newline' });
    expect(decodeLine(bytes('\n'))).toEqual({ text: '' });
    expect(decodeLine(bytes(''))).toEqual({ text: '' });
  });

  it('keeps multi-byte text, control bytes and a leading BOM as they are', () => {
    for (const text of ['é漢🎉', '\x1b[31mred\x1b[0m', 'nul\x00byte', '\ufeffbom']) {
      expect(decodeLine(bytes(`${text}\n`))).toEqual({ text });
    }
  });

  it('falls back to base64 of the exact bytes when they are not UTF-8', () => {
    const invalid = Buffer.from([0xff, 0x41, 0xe6, 0xbc]);
    expect(decodeLine(Buffer.concat([invalid, bytes('\n')]))).toEqual({
      text: invalid.toString('base64'),
      encoding: 'base64',
    });
  });
});
