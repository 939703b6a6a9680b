import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '@bosun/api';
import { ConcurrencyGate, MAX_PASSWORD_BYTES, ProtocolError } from '@bosun/protocol';

/** scrypt's cost parameters, as stored in each hash. */
export type ScryptParams = {
  /** CPU/memory cost, a power of two; memory used is 128·N·r bytes. */
  N: number;
  r: number;
  p: number;
  /** Bytes of derived key stored: 32 or 64. */
  keyLength: number;
};

/**
 * N=2^16, r=8: 64 MiB and about 160 ms per hash on a small server, slow enough
 * that a stolen database yields few guesses per second per core, fast enough for
 * a login. Stored hashes carry their parameters, so raising these later only
 * affects new hashes; `needsRehash` tells the login path when to re-hash an old one.
 */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 16, r: 8, p: 1, keyLength: 32 };

const SALT_BYTES = 16;
const PREFIX = 'scrypt';

// Bounds on what a stored string may ask for, so a corrupted or planted hash
// cannot make one login allocate gigabytes or spin for minutes.
const MIN_N = 2 ** 10;
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MIN_SALT_BYTES = 16;
const MAX_SALT_BYTES = 64;
// scrypt output is a prefix-stable stream (a 22-byte key is the start of the
// 32-byte one), so a truncated hash would still verify: only whole lengths count.
const KEY_LENGTHS: ReadonlySet<number> = new Set([32, 64]);

// Two hashes at once leave the rest of libuv's pool (four threads by default)
// to file and DNS work; see ConcurrencyGate for the overflow policy.
const gate = new ConcurrencyGate(2, 64, 'too many password checks at once; try again shortly');

/** `scrypt$N$r$p$salt$hash`, salt and hash in unpadded base64url. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  if (tooLong(password)) {
    throw new ProtocolError('invalid_data', `password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  }
  if (!validParams(params)) throw new RangeError('scrypt parameters out of bounds');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join(
    '$',
  );
}

/**
 * True when `password` matches `stored`. Pass `stored = undefined` for a user that
 * does not exist: scrypt with `params` is done all the same and the answer is false,
 * so response times do not reveal which usernames exist. A password over the length bound, or
 * a stored string that is malformed or asks for out-of-bounds parameters, is false.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<boolean> {
  if (tooLong(password)) return false;
  if (stored === undefined) {
    await derive(password, randomBytes(SALT_BYTES), params);
    return false;
  }
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, { ...parsed.params, keyLength: parsed.hash.length });
  return timingSafeEqual(actual, parsed.hash);
}

/** True when `stored` was made with other parameters than `params` (or is unreadable). */
export function needsRehash(stored: string, params: ScryptParams = SCRYPT_PARAMS): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.params;
  return N !== params.N || r !== params.r || p !== params.p || parsed.hash.length !== params.keyLength;
}

function tooLong(password: string): boolean {
  // Every UTF-16 unit is at least one UTF-8 byte: a long string is refused before measuring it.
  return password.length > MAX_PASSWORD_BYTES || Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // NFC so the same password typed on systems that compose accents differently
  // (macOS input yields decomposed forms) hashes the same.
  const input = Buffer.from(password.normalize('NFC'), 'utf8');
  const { N, r, p, keyLength } = params;
  return gate.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(input, salt, keyLength, { N, r, p, maxmem: 2 * 128 * N * r + 1024 * 1024 }, (err, key) => {
          if (err) reject(new ProtocolError('internal', 'password hashing failed', { cause: err }));
          else resolve(key);
        });
      }),
  );
}

type Parsed = { params: Omit<ScryptParams, 'keyLength'>; salt: Buffer; hash: Buffer };

const DECIMAL = /^[1-9][0-9]{0,9}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (!DECIMAL.test(n) || !DECIMAL.test(r) || !DECIMAL.test(p)) return undefined;
  if (!BASE64URL.test(salt) || !BASE64URL.test(hash)) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const saltBytes = Buffer.from(salt, 'base64url');
  const hashBytes = Buffer.from(hash, 'base64url');
  if (!validParams({ ...params, keyLength: hashBytes.length })) return undefined;
  if (saltBytes.length < MIN_SALT_BYTES || saltBytes.length > MAX_SALT_BYTES) return undefined;
  return { params, salt: saltBytes, hash: hashBytes };
}

function validParams({ N, r, p, keyLength }: ScryptParams): boolean {
  return (
    Number.isInteger(N) &&
    N >= MIN_N &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_P &&
    128 * N * r <= MAX_MEMORY_BYTES &&
    KEY_LENGTHS.has(keyLength)
  );
}

/** The API's `PasswordHasher` on scrypt: `params` for new hashes, stored ones verify with their own. */
export function scryptPasswordHasher(params: ScryptParams = SCRYPT_PARAMS): PasswordHasher {
  return {
    hash: (password) => hashPassword(password, params),
    verify: (password, stored) => verifyPassword(password, stored, params),
    needsRehash: (stored) => needsRehash(stored, params),
  };
}
