/** Whether one attempt may go ahead. */
export type RateLimitDecision = {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until one more attempt would be allowed. */
  retryAfterMs: number;
};

/** A limiter's budget and bounds. */
export type RateLimiterOptions = {
  /** Attempts allowed in a burst; also how many come back over `windowMs`. */
  limit: number;
  windowMs: number;
  /** Most keys remembered at once; 10,000 by default. */
  maxKeys?: number;
  /** Anything with `now()` in milliseconds (the hub's Clock fits); `Date` by default. */
  clock?: { now(): number };
};

// Credit is counted in token·windowMs units: one attempt costs `windowMs` and
// `limit` units come back per millisecond. With integer times and options every
// number stays an integer, so retryAfterMs is exact rather than off by a rounding.
type Bucket = { credit: number; at: number };

// A key longer than this (a username nobody validated yet) is remembered by a
// digest of it, so a stream of huge keys cannot hold `maxKeys` times their size.
const MAX_KEY_LENGTH = 200;

/**
 * A token bucket per key (`login:<client>`, `login-failures:<client>|<username>`,
 * `token-create:<userId>`):
 * `limit` attempts at once, refilled evenly so that `limit` more are allowed per
 * `windowMs`. Unlike a fixed window, it cannot be hit with 2×limit attempts across
 * a window boundary. A refused attempt costs nothing, so waiting `retryAfterMs`
 * always suffices.
 *
 * Overflow policy: at most `maxKeys` buckets are kept; when a new key would exceed
 * that, the least recently used key is forgotten. Forgetting a key resets it to a
 * full bucket, which is exactly its state once it has been idle for `windowMs`, so
 * with `maxKeys` well above the number of keys active within one window nothing is
 * lost. Resetting a key this way takes more fresh keys within one window than the per-client
 * login limit lets one client make.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #capacity: number;
  readonly #maxKeys: number;
  readonly #clock: { now(): number };
  // Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    const { limit, windowMs, maxKeys = 10_000, clock = Date } = options;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError('windowMs must be positive');
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer');
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#capacity = limit * windowMs;
    this.#maxKeys = maxKeys;
    this.#clock = clock;
  }

  /** Counts one attempt for `key` if it is allowed now. */
  take(key: string): RateLimitDecision {
    const k = boundedKey(key);
    const now = this.#clock.now();
    const bucket = this.#buckets.get(k) ?? { credit: this.#capacity, at: now };
    // A clock stepping backwards refills nothing, and the bucket counts on from the
    // new time, so the retryAfterMs it gives stays true.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.credit = Math.min(this.#capacity, bucket.credit + elapsed * this.#limit);
    bucket.at = now;
    this.#buckets.delete(k);
    this.#buckets.set(k, bucket);
    this.#evict();
    if (bucket.credit >= this.#windowMs) {
      bucket.credit -= this.#windowMs;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((this.#windowMs - bucket.credit) / this.#limit) };
  }

  /** Forgets `key`, e.g. a client's failures for a user after that user logged in. */
  reset(key: string): void {
    this.#buckets.delete(boundedKey(key));
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(): void {
    for (const oldest of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxKeys) return;
      this.#buckets.delete(oldest);
    }
  }
}

function boundedKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `digest:${key.length}:${digest53(key).toString(36)}`;
}

// cyrb53, a fast 53-bit string hash, because `take` is synchronous and Web Crypto's digest is
// not. It is not collision-resistant, and need not be: only keys longer than any the routes
// build are digested, so whoever forges a collision merges buckets of their own keys only.
function digest53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
