// Join tokens and agent credentials are high-entropy random values, so a plain SHA-256 is the
// right stored hash: nothing to brute-force, and a lookup by hash stays a single index probe.
// Passwords are a different matter (slow hashes) and belong to the adapter, not here.

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `bytes` random bytes as unpadded base64url (32 bytes → 43 characters). */
export function randomToken(bytes = 32): string {
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  let i = 0;
  for (; i + 2 < raw.length; i += 3) {
    const n = (raw[i]! << 16) | (raw[i + 1]! << 8) | raw[i + 2]!;
    out +=
      BASE64URL[(n >> 18) & 63]! +
      BASE64URL[(n >> 12) & 63]! +
      BASE64URL[(n >> 6) & 63]! +
      BASE64URL[n & 63]!;
  }
  const rest = raw.length - i;
  if (rest === 1) {
    const n = raw[i]! << 16;
    out += BASE64URL[(n >> 18) & 63]! + BASE64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (raw[i]! << 16) | (raw[i + 1]! << 8);
    out += BASE64URL[(n >> 18) & 63]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]!;
  }
  return out;
}

const encoder = new TextEncoder();

/** The hex SHA-256 of a string: how tokens and credentials are stored and looked up. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A short random id with a kind prefix (`agt_…`), safe in URLs and CLI arguments. 16 characters
 * of 62 give ~95 bits: collisions are not a concern at any fleet size.
 */
export function newId(prefix: string, length = 16): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let out = prefix;
  while (out.length < prefix.length + length) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 248 && out.length < prefix.length + length) out += ID_ALPHABET[byte % 62];
    }
  }
  return out;
}
