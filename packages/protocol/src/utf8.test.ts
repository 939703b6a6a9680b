import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString } from './testing/arbitraries.ts';
import { exceedsUtf8Bytes, utf8ByteLength } from './utf8.ts';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it('counts like TextEncoder on fixed cases', () => {
    for (const s of [
      '',
      'a',
      'é',
      '€',
      '😀',
      '\ud83d',
      '\ude00',
      '\ude00\ud83d',
      'a\ud83d\ude00b',
      '\u0000',
    ]) {
      expect(utf8ByteLength(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
    }
  });

  it('counts like TextEncoder on random strings, lone surrogates included', () => {
    fc.assert(
      fc.property(anyString(128), (s) => utf8ByteLength(s) === encoder.encode(s).length),
      { numRuns: 2_000 },
    );
  });

  it('exceedsUtf8Bytes agrees with the exact count', () => {
    fc.assert(
      fc.property(anyString(64), fc.nat({ max: 300 }), (s, max) => {
        return exceedsUtf8Bytes(s, max) === encoder.encode(s).length > max;
      }),
      { numRuns: 1_000 },
    );
  });
});
