import { z } from 'zod';
import { base64urlToBytes, bytesToBase64url } from './base64url.ts';

/**
 * What the manager signs, before the agent's nonce. A fixed context keeps a proof from being
 * replayed as a signature over anything else the key might ever sign, and the version names the
 * rule, so a later one cannot be confused with it.
 */
export const MANAGER_PROOF_CONTEXT = 'bosun manager proof v1\n';

/** The algorithm of the manager's key, as Web Crypto names it (Node and Workers both have it). */
export const MANAGER_KEY_ALGORITHM = 'Ed25519';

// 32 random bytes in base64url is 43 characters; at least 16 bytes, so a nonce cannot be guessed.
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
// An Ed25519 public key is 32 bytes (43 characters), a signature 64 (86 characters).
const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/** `agent.prove`: the agent's fresh nonce, asked before it sends any secret. */
export const agentProveSchema = z.object({
  nonce: z.string().regex(NONCE_PATTERN, 'expected 22-128 characters of base64url'),
});

/** The manager's public key (raw Ed25519, base64url) and its signature over the context and nonce. */
export const agentProveResultSchema = z.object({
  publicKey: z.string().regex(PUBLIC_KEY_PATTERN, 'expected a 32-byte Ed25519 key in base64url'),
  signature: z.string().regex(SIGNATURE_PATTERN, 'expected a 64-byte Ed25519 signature in base64url'),
});

/** The manager's answer to `agent.prove`. */
export type ManagerProof = z.infer<typeof agentProveResultSchema>;

const encoder = new TextEncoder();

/** The bytes the manager signs for `nonce`: the fixed context, then the nonce as sent. */
export function managerProofMessage(nonce: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${MANAGER_PROOF_CONTEXT}${nonce}`);
}

/** A fresh nonce for `agent.prove`: 32 random bytes in base64url. */
export function newProofNonce(): string {
  return bytesToBase64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Whether `proof` is a valid signature over `nonce` by the key it names. It says nothing about
 * whether that key is the expected one: the caller compares `proof.publicKey` with the key it
 * keeps. False, never a throw, for a key or signature Web Crypto cannot read.
 */
export async function verifyManagerProof(proof: ManagerProof, nonce: string): Promise<boolean> {
  const key = base64urlToBytes(proof.publicKey);
  const signature = base64urlToBytes(proof.signature);
  if (key?.length !== 32 || signature?.length !== 64) return false;
  try {
    const publicKey = await globalThis.crypto.subtle.importKey('raw', key, MANAGER_KEY_ALGORITHM, false, [
      'verify',
    ]);
    return await globalThis.crypto.subtle.verify(
      MANAGER_KEY_ALGORITHM,
      publicKey,
      signature,
      managerProofMessage(nonce),
    );
  } catch {
    // A point that is not on the curve is refused by importKey: that is a failed proof.
    return false;
  }
}
