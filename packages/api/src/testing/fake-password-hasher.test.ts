import { describe, expect, it } from 'vitest';
import { FakePasswordHasher } from './fake-password-hasher.ts';
import { describePasswordHasherContract } from './password-hasher-contract.ts';

describePasswordHasherContract('fake', () => new FakePasswordHasher());

describe('FakePasswordHasher', () => {
  it('asks to re-hash what it made before its parameters were raised', async () => {
    const hasher = new FakePasswordHasher();
    const old = await hasher.hash('password');
    hasher.raiseParameters();
    expect(hasher.needsRehash(old)).toBe(true);
    expect(await hasher.verify('password', old)).toBe(true);
  });
});
