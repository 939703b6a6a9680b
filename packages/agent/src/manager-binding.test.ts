import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bytesToBase64url,
  MANAGER_KEY_ALGORITHM,
  type ManagerProof,
  managerProofMessage,
  newProofNonce,
} from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { CredentialStore, type StoredCredential } from './credential-store.ts';
import { ManagerBinding } from './manager-binding.ts';

type Key = InstanceType<typeof CryptoKey>;

/** A manager's key pair, made in memory for the test. */
async function managerKey(): Promise<(nonce: string) => Promise<ManagerProof>> {
  const pair = (await crypto.subtle.generateKey(MANAGER_KEY_ALGORITHM, true, ['sign', 'verify'])) as {
    publicKey: Key;
    privateKey: Key;
  };
  const publicKey = bytesToBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return async (nonce) => ({
    publicKey,
    signature: bytesToBase64url(
      new Uint8Array(
        await crypto.subtle.sign(MANAGER_KEY_ALGORITHM, pair.privateKey, managerProofMessage(nonce)),
      ),
    ),
  });
}

const CREDENTIAL: StoredCredential = {
  agentId: 'agt_1',
  name: 'web-1',
  credential: 'c'.repeat(43),
  manager: 'ws://127.0.0.1:7070/ws/agent',
};

async function setUp(stored?: StoredCredential) {
  const store = new CredentialStore(await mkdtemp(join(tmpdir(), 'bosun-binding-')));
  if (stored) await store.save(stored);
  const logs: string[] = [];
  const binding = new ManagerBinding(store, (_level, msg) => logs.push(msg));
  return { store, binding, logs };
}

describe('ManagerBinding', () => {
  it('accepts any manager that proves a key while joining, and remembers the key for the credential', async () => {
    const { binding } = await setUp();
    const prove = await managerKey();
    const nonce = newProofNonce();
    const proof = await prove(nonce);
    await binding.accept(proof, nonce);
    expect(binding.provenKey).toBe(proof.publicKey);
  });

  it('accepts the manager whose key is stored beside the credential', async () => {
    const prove = await managerKey();
    const nonce = newProofNonce();
    const proof = await prove(nonce);
    const { binding, store } = await setUp({ ...CREDENTIAL, managerKey: proof.publicKey });
    await binding.accept(proof, nonce);
    expect((await store.load())?.managerKey).toBe(proof.publicKey);
  });

  it('refuses a manager that proves another key, naming both, and keeps the stored key', async () => {
    const real = await (await managerKey())(newProofNonce());
    const { binding, store } = await setUp({ ...CREDENTIAL, managerKey: real.publicKey });
    const nonce = newProofNonce();
    const impostor = await (await managerKey())(nonce);
    const refused = binding.accept(impostor, nonce);
    await expect(refused).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(refused).rejects.toThrow(real.publicKey);
    expect(binding.provenKey).toBeUndefined();
    expect((await store.load())?.managerKey).toBe(real.publicKey);
  });

  it("refuses a proof that is not a signature of this connection's nonce", async () => {
    const prove = await managerKey();
    const recorded = await prove(newProofNonce());
    const { binding } = await setUp({ ...CREDENTIAL, managerKey: recorded.publicKey });
    await expect(binding.accept(recorded, newProofNonce())).rejects.toThrow(/does not verify/);
  });

  it('binds a credential stored before managers proved a key to the first key proven, and says so', async () => {
    const { binding, store, logs } = await setUp(CREDENTIAL);
    const prove = await managerKey();
    const nonce = newProofNonce();
    const proof = await prove(nonce);
    await binding.accept(proof, nonce);
    expect(await store.load()).toEqual({ ...CREDENTIAL, managerKey: proof.publicKey });
    expect(logs).toEqual(["bound the stored credential to the manager's key on first use"]);

    const other = await (await managerKey())(nonce);
    await expect(binding.accept(other, nonce)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
