import { MANAGER_KEY_ALGORITHM } from '@bosun/protocol';
import type { ManagerKey } from './ports/manager-key.ts';

type WebCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/**
 * A fresh Ed25519 private key as PKCS #8 bytes, for a runtime to keep (a file, Durable Object
 * storage) and hand to `importManagerKey` on every start.
 */
export async function createManagerKeyPkcs8(): Promise<Uint8Array> {
  const pair = (await globalThis.crypto.subtle.generateKey(MANAGER_KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as { privateKey: WebCryptoKey };
  return new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey));
}

/**
 * The `ManagerKey` of a PKCS #8 Ed25519 private key, through Web Crypto (Node and Workers both
 * have it). Throws when the bytes are not such a key.
 */
export async function importManagerKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<ManagerKey> {
  const subtle = globalThis.crypto.subtle;
  // Web Crypto cannot derive a public key from a private one, but an Ed25519 private key's JWK
  // carries it as `x` (raw, base64url): the form agents keep.
  const readable = await subtle.importKey('pkcs8', pkcs8, MANAGER_KEY_ALGORITHM, true, ['sign']);
  const { x } = (await subtle.exportKey('jwk', readable)) as { x?: string };
  if (typeof x !== 'string') throw new Error('not an Ed25519 private key');
  const signing = await subtle.importKey('pkcs8', pkcs8, MANAGER_KEY_ALGORITHM, false, ['sign']);
  return {
    publicKey: async () => x,
    sign: async (message) => new Uint8Array(await subtle.sign(MANAGER_KEY_ALGORITHM, signing, message)),
  };
}
