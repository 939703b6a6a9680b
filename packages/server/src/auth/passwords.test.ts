import { describePasswordHasherContract } from '@bosun/api/testing';
import { MAX_PASSWORD_BYTES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  SCRYPT_PARAMS,
  scryptPasswordHasher,
  verifyPassword,
} from './passwords.ts';

// The real parameters where the format matters; cheap ones where only logic is tested.
const CHEAP = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

describePasswordHasherContract('scrypt', () => scryptPasswordHasher(CHEAP));

describe('passwords', () => {
  it('hashes with the default parameters into a self-describing string, salted', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$65536\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
    expect(needsRehash(stored)).toBe(false);
  });

  it('verifies with the parameters stored in the string, and flags old ones for re-hashing', async () => {
    const stored = await hashPassword('hunter2', CHEAP);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('hunter2', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(stored, CHEAP)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('refuses tampered or malformed stored strings', async () => {
    const stored = await hashPassword('s3cret', CHEAP);
    const parts = stored.split('$');
    const withPart = (i: number, value: string) => parts.map((x, j) => (j === i ? value : x)).join('$');
    const hash = parts[5] ?? '';
    const flipped = `${hash.slice(0, -2)}${hash.at(-2) === 'A' ? 'B' : 'A'}${hash.at(-1)}`;
    const tampered = [
      withPart(5, flipped),
      withPart(5, hash.slice(0, 30)),
      withPart(4, 'AAAAAAAAAAAAAAAAAAAAAA'),
      withPart(1, '2048'),
      withPart(1, '1000'),
      withPart(1, String(2 ** 30)),
      withPart(2, '0'),
      withPart(3, '-1'),
      withPart(0, 'bcrypt'),
      withPart(5, 'not base64!'),
      `${stored}$extra`,
      '',
      'scrypt',
    ];
    for (const bad of tampered) expect(await verifyPassword('s3cret', bad), bad).toBe(false);
  });

  it('refuses passwords longer than the bound, counted in UTF-8 bytes', async () => {
    const atLimit = 'é'.repeat(MAX_PASSWORD_BYTES / 2);
    const overLimit = `${atLimit}x`;
    expect(await verifyPassword(atLimit, await hashPassword(atLimit, CHEAP))).toBe(true);
    await expect(hashPassword(overLimit, CHEAP)).rejects.toMatchObject({ code: 'invalid_data' });
    await expect(hashPassword('x'.repeat(1_000_000), CHEAP)).rejects.toMatchObject({ code: 'invalid_data' });
    const stored = await hashPassword(atLimit, CHEAP);
    expect(await verifyPassword(overLimit, stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9', CHEAP);
    expect(await verifyPassword('cafe\u0301', stored)).toBe(true);
  });

  it('answers false for an unknown user after doing the same work', async () => {
    expect(await verifyPassword('anything', undefined)).toBe(false);
  });

  it('refuses parameters outside its bounds, and accepts 64-byte keys', async () => {
    await expect(hashPassword('x', { ...SCRYPT_PARAMS, N: 1000 })).rejects.toThrow(RangeError);
    await expect(hashPassword('x', { ...SCRYPT_PARAMS, N: 2 ** 22 })).rejects.toThrow(RangeError);
    await expect(hashPassword('x', { ...SCRYPT_PARAMS, keyLength: 20 })).rejects.toThrow(RangeError);
    const long = await hashPassword('x', { ...CHEAP, keyLength: 64 });
    expect(await verifyPassword('x', long)).toBe(true);
  });
});
