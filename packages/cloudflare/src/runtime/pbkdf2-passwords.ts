import { MAX_PASSWORD_BYTES, type PasswordHasher } from '@bosun/api';
import { ProtocolError } from '@bosun/protocol';

// Workers' Web Crypto caps PBKDF2 at 100,000 iterations, and node:crypto's scrypt needs
// nodejs_compat, which the Worker does without. PBKDF2-SHA256 at the cap is what the runtime
// offers; each hash records its iterations so a later change re-hashes at the next login.
const ITERATIONS = 100_000;
const PREFIX = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// A stored string's own count is believed only within bounds, so a tampered row cannot make a
// login spin or be trivially weak.
const MIN_ITERATIONS = 10_000;
const MAX_ITERATIONS = 100_000;
// verify's answer for an unknown user takes the same work as a real check.
const DUMMY_SALT = new Uint8Array(SALT_BYTES);

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

// Composed and decomposed accents type the same password.
function passwordBytes(password: string): Uint8Array<ArrayBuffer> | undefined {
  const bytes = new TextEncoder().encode(password.normalize('NFC'));
  return bytes.byteLength > MAX_PASSWORD_BYTES ? undefined : bytes;
}

async function derive(
  password: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

type Parsed = { iterations: number; salt: Uint8Array<ArrayBuffer>; hash: Uint8Array };

function parse(stored: string): Parsed | undefined {
  const [prefix, count, salt, hash, ...rest] = stored.split('$');
  if (prefix !== PREFIX || rest.length > 0 || count === undefined || !/^\d{1,7}$/.test(count))
    return undefined;
  const iterations = Number(count);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return undefined;
  const saltBytes = fromBase64Url(salt ?? '');
  const hashBytes = fromBase64Url(hash ?? '');
  if (!saltBytes || saltBytes.length < 8 || !hashBytes || hashBytes.length !== HASH_BYTES) return undefined;
  return { iterations, salt: saltBytes, hash: hashBytes };
}

/**
 * The API's `PasswordHasher` on Web Crypto's PBKDF2-SHA256: `pbkdf2-sha256$iterations$salt$hash`.
 * Throws a RangeError for a count outside the bounds a stored hash is believed within, since its
 * hashes could never be verified.
 */
export function pbkdf2PasswordHasher(iterations = ITERATIONS): PasswordHasher {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  return {
    async hash(password) {
      const bytes = passwordBytes(password);
      if (!bytes)
        throw new ProtocolError('invalid_data', `password is longer than ${MAX_PASSWORD_BYTES} bytes`);
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await derive(bytes, salt, iterations);
      return `${PREFIX}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
    },
    async verify(password, stored) {
      const parsed = stored === undefined ? undefined : parse(stored);
      const bytes = passwordBytes(password);
      if (!parsed || !bytes) {
        await derive(bytes ?? new Uint8Array(0), DUMMY_SALT, iterations);
        return false;
      }
      return equalBytes(await derive(bytes, parsed.salt, parsed.iterations), parsed.hash);
    },
    needsRehash(stored) {
      return parse(stored)?.iterations !== iterations;
    },
  };
}
