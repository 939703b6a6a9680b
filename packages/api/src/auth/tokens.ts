import { randomToken, sha256Hex } from '@bosun/hub';

/**
 * Prefix of API tokens. A recognisable prefix lets secret scanners (and people)
 * spot a leaked bosun token in a repository or a log; the underscore keeps the
 * token inside the protocol's token charset (A-Z a-z 0-9 _ -).
 */
export const API_TOKEN_PREFIX = 'bsn_';

const RANDOM_BYTES = 32;

/** 32 random bytes in unpadded base64url: exactly 43 characters. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** An API token: the prefix and 256 random bits. */
export const API_TOKEN_PATTERN = /^bsn_[A-Za-z0-9_-]{43}$/;

/** The value of a session cookie: 256 random bits. */
export function newSessionToken(): string {
  return randomToken(RANDOM_BYTES);
}

/** An API token for the CLI: `bsn_` and 256 random bits. Shown once, stored only as its hash. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomToken(RANDOM_BYTES)}`;
}

/** True when `value` has the form of an API token (whether it is valid is the store's to say). */
export function isApiToken(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}

/**
 * What the store keeps instead of a token: SHA-256 of its UTF-8 text, in lower-case
 * hex, the hub's `sha256Hex`. A slow hash (the `PasswordHasher`) protects
 * guessable secrets such as passwords; these tokens carry 256 random bits, so no
 * amount of hashing speed makes them guessable from a stolen hash, and a fast hash
 * keeps each authenticated request to one index lookup. Looking up by hash also
 * means the comparison happens on a value an attacker cannot steer byte by byte.
 */
export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}
