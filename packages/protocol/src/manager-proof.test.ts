import { describe, expect, it } from 'vitest';
import { bytesToBase64url } from './base64url.ts';
import {
  agentProveResultSchema,
  MANAGER_KEY_ALGORITHM,
  type ManagerProof,
  managerProofMessage,
  newProofNonce,
  verifyManagerProof,
} from './manager-proof.ts';

type Key = InstanceType<typeof CryptoKey>;
type KeyPair = { publicKey: Key; privateKey: Key };

async function keyPair(): Promise<KeyPair> {
  return (await crypto.subtle.generateKey(MANAGER_KEY_ALGORITHM, false, ['sign', 'verify'])) as KeyPair;
}

async function prove(keys: KeyPair, nonce: string): Promise<ManagerProof> {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
  const signature = new Uint8Array(
    await crypto.subtle.sign(MANAGER_KEY_ALGORITHM, keys.privateKey, managerProofMessage(nonce)),
  );
  return { publicKey: bytesToBase64url(raw), signature: bytesToBase64url(signature) };
}

describe('manager proof', () => {
  it('verifies a signature over the context and the nonce, in the schema the protocol checks', async () => {
    const nonce = newProofNonce();
    const proof = await prove(await keyPair(), nonce);
    expect(agentProveResultSchema.parse(proof)).toEqual(proof);
    expect(await verifyManagerProof(proof, nonce)).toBe(true);
  });

  it('refuses the signature of another nonce: a recorded proof cannot be replayed', async () => {
    const keys = await keyPair();
    const proof = await prove(keys, newProofNonce());
    expect(await verifyManagerProof(proof, newProofNonce())).toBe(false);
  });

  it('refuses a signature made by another key than the one the proof names', async () => {
    const nonce = newProofNonce();
    const real = await prove(await keyPair(), nonce);
    const other = await prove(await keyPair(), nonce);
    expect(await verifyManagerProof({ publicKey: real.publicKey, signature: other.signature }, nonce)).toBe(
      false,
    );
  });

  it('signs nothing but the context: a bare signature over the nonce does not pass', async () => {
    const keys = await keyPair();
    const nonce = newProofNonce();
    const proof = await prove(keys, nonce);
    const bare = new Uint8Array(
      await crypto.subtle.sign(MANAGER_KEY_ALGORITHM, keys.privateKey, new TextEncoder().encode(nonce)),
    );
    expect(await verifyManagerProof({ ...proof, signature: bytesToBase64url(bare) }, nonce)).toBe(false);
  });

  it('answers false, without throwing, for keys and signatures that are not ones', async () => {
    const nonce = newProofNonce();
    expect(await verifyManagerProof({ publicKey: 'A'.repeat(43), signature: 'B'.repeat(86) }, nonce)).toBe(
      false,
    );
    expect(await verifyManagerProof({ publicKey: '!'.repeat(43), signature: 'B'.repeat(86) }, nonce)).toBe(
      false,
    );
  });

  it('makes fresh nonces of 32 random bytes', () => {
    const a = newProofNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newProofNonce()).not.toBe(a);
  });
});
