import { describePasswordHasherContract } from '@bosun/api/testing';
import { describe, expect, it } from 'vitest';
import { pbkdf2PasswordHasher } from '../src/runtime/pbkdf2-passwords.ts';

describePasswordHasherContract('PBKDF2-SHA256 on Web Crypto', () => pbkdf2PasswordHasher());

describe('pbkdf2PasswordHasher', () => {
  it('verifies a hash of another iteration count within bounds, and asks for it to be re-hashed', async () => {
    const older = await pbkdf2PasswordHasher(10_000).hash('secret');
    const current = pbkdf2PasswordHasher();
    expect(older.startsWith('pbkdf2-sha256$10000$')).toBe(true);
    expect(await current.verify('secret', older)).toBe(true);
    expect(current.needsRehash(older)).toBe(true);
  });

  it('believes no stored iteration count outside its bounds', async () => {
    const hasher = pbkdf2PasswordHasher();
    const [prefix, , salt, hash] = (await hasher.hash('secret')).split('$');
    for (const count of ['9999', '100001', '0']) {
      expect(await hasher.verify('secret', [prefix, count, salt, hash].join('$')), count).toBe(false);
    }
  });

  it('makes only hashes it can verify: a count outside the bounds is refused up front', () => {
    expect(() => pbkdf2PasswordHasher(1_000)).toThrow(RangeError);
    expect(() => pbkdf2PasswordHasher(200_000)).toThrow(RangeError);
  });
});
