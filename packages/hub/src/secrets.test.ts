import { TOKEN_PATTERN } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { newId, randomToken, sha256Hex } from './secrets.ts';

describe('randomToken', () => {
  it('is unpadded base64url of the requested length and valid as a protocol token', () => {
    for (const bytes of [16, 17, 18, 32]) {
      const token = randomToken(bytes);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(token.length).toBe(Math.ceil((bytes * 4) / 3));
    }
    expect(randomToken()).toMatch(TOKEN_PATTERN);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('encodes bytes exactly like base64url', () => {
    // A fixed source: swap getRandomValues for the length of this test only.
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    const bytes = [0xfb, 0xff, 0xbf, 0x00, 0x10];
    globalThis.crypto.getRandomValues = (<T extends ArrayBufferView>(array: T): T => {
      (array as unknown as Uint8Array).set(bytes);
      return array;
    }) as typeof globalThis.crypto.getRandomValues;
    try {
      expect(randomToken(5)).toBe('-_-_ABA');
    } finally {
      globalThis.crypto.getRandomValues = original;
    }
  });
});

describe('sha256Hex', () => {
  it('matches the known digest', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('newId', () => {
  it('has the prefix and the length, from an URL-safe alphabet', () => {
    const id = newId('agt_');
    expect(id).toMatch(/^agt_[A-Za-z0-9]{16}$/);
    expect(newId('x', 4)).toHaveLength(5);
  });
});
