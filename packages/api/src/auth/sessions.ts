import type { Clock, SessionRecord, Store } from '@bosun/hub';
import { isStoreUnavailable } from './store-unavailable.ts';
import { hashToken, newSessionToken, SESSION_TOKEN_PATTERN } from './tokens.ts';

/** How long browser sessions live and how often their use is written. */
export type SessionPolicy = {
  /** Sliding: a session lives this long after its last use... */
  idleMs: number;
  /** ...but never longer than this after it was created. */
  maxAgeMs: number;
  /** At most one write per session per this interval. */
  touchMs: number;
};

/**
 * Browser sessions. The cookie carries a random token; the store keeps only its hash, so a
 * stolen database opens no session.
 */
export class Sessions {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #policy: SessionPolicy;

  constructor(store: Store, clock: Clock, policy: SessionPolicy) {
    this.#store = store;
    this.#clock = clock;
    this.#policy = policy;
  }

  /** A new session; the token goes into the cookie and nowhere else. */
  async create(userId: string): Promise<{ token: string; record: SessionRecord }> {
    const now = this.#clock.now();
    const token = newSessionToken();
    const record: SessionRecord = {
      idHash: await hashToken(token),
      userId,
      createdAt: now,
      expiresAt: this.#expiry(now, now),
      lastUsedAt: now,
    };
    await this.#store.sessions.create(record);
    return { token, record };
  }

  /** The live session for a cookie value, its expiry slid forward; undefined when none. */
  async resolve(token: string): Promise<SessionRecord | undefined> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return undefined;
    return this.resolveHash(await hashToken(token));
  }

  /**
   * As `resolve`, from the session id's hash, which a socket keeps to be checked again without
   * holding the cookie itself (`Authenticator.keyOf`).
   */
  async resolveHash(idHash: string): Promise<SessionRecord | undefined> {
    const record = await this.#store.sessions.byIdHash(idHash);
    if (!record) return undefined;
    const now = this.#clock.now();
    if (record.expiresAt <= now) {
      // The session has ended whether or not its row goes now; the sweep deletes what stays.
      await this.#store.sessions.delete(idHash).catch(unlessStoreUnavailable);
      return undefined;
    }
    if (now - record.lastUsedAt >= this.#policy.touchMs) {
      const expiresAt = this.#expiry(record.createdAt, now);
      try {
        await this.#store.sessions.touch(idHash, now, expiresAt);
      } catch (error) {
        // Sliding the expiry is housekeeping: a store that cannot write now must not end a live
        // session. lastUsedAt stays old, so the next request tries the write again.
        unlessStoreUnavailable(error);
        return record;
      }
      return { ...record, lastUsedAt: now, expiresAt };
    }
    return record;
  }

  /** Ends the session of a cookie value; a failing store throws and the session stays. */
  async destroy(token: string): Promise<void> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return;
    await this.#store.sessions.delete(await hashToken(token));
  }

  /** Deletes expired sessions; returns how many. */
  sweep(): Promise<number> {
    return this.#store.sessions.deleteExpired(this.#clock.now());
  }

  /** How long the cookie should be kept by the browser: the absolute cap. */
  get cookieMaxAgeSeconds(): number {
    return Math.floor(this.#policy.maxAgeMs / 1000);
  }

  #expiry(createdAt: number, now: number): number {
    return Math.min(now + this.#policy.idleMs, createdAt + this.#policy.maxAgeMs);
  }
}

function unlessStoreUnavailable(error: unknown): void {
  if (!isStoreUnavailable(error)) throw error;
}
