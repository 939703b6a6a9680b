import { ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_BYTES, type PasswordHasher } from '../ports/password-hasher.ts';

/**
 * The behaviour every `PasswordHasher` shares (scrypt on Node, the fake of route tests), beyond
 * what its doc comment states: hashes are salted, the byte bound counts UTF-8 bytes, and a
 * password typed with composed or decomposed accents is the same password. `make` is called
 * once per test.
 */
export function describePasswordHasherContract(name: string, make: () => PasswordHasher): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    it('verifies the password it hashed and no other', async () => {
      const hasher = make();
      const stored = await hasher.hash('correct horse battery staple');
      expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
      expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
    });

    it('salts: the same password hashes to different strings', async () => {
      const hasher = make();
      expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
    });

    it('answers false for an unknown user and for unreadable stored strings', async () => {
      const hasher = make();
      expect(await hasher.verify('anything', undefined)).toBe(false);
      for (const bad of ['', 'garbage', '$$$$$', 'scrypt$1$2$3$4$5', 'fake$1$salt']) {
        expect(await hasher.verify('garbage', bad), bad).toBe(false);
      }
    });

    it('refuses passwords over the bound, counted in UTF-8 bytes', async () => {
      const hasher = make();
      const atLimit = 'é'.repeat(MAX_PASSWORD_BYTES / 2);
      const stored = await hasher.hash(atLimit);
      expect(await hasher.verify(atLimit, stored)).toBe(true);
      const refused = await hasher.hash(`${atLimit}x`).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ProtocolError);
      expect(refused).toMatchObject({ code: 'invalid_data' });
      expect(await hasher.verify(`${atLimit}x`, stored)).toBe(false);
    });

    it('treats composed and decomposed accents as the same password', async () => {
      const hasher = make();
      expect(await hasher.verify('cafe\u0301', await hasher.hash('caf\u00e9'))).toBe(true);
    });

    it('does not ask to re-hash what it just made', async () => {
      const hasher = make();
      expect(hasher.needsRehash(await hasher.hash('fresh'))).toBe(false);
    });
  });
}
