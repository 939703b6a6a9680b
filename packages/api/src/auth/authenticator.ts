import type { Clock, Principal, Store } from '@bosun/hub';
import { ProtocolError } from '@bosun/protocol';
import { readCookie, SESSION_COOKIE } from '../http/cookies.ts';
import type { Sessions } from './sessions.ts';
import { isStoreUnavailable } from './store-unavailable.ts';
import { hashToken, isApiToken } from './tokens.ts';

/** Who sent a request and how they proved it. */
export type Authenticated =
  | { principal: Principal; via: 'session'; sessionToken: string }
  | { principal: Principal; via: 'token'; tokenId: string };

/**
 * A credential as a long-lived socket keeps it to be checked again later: its hash, as the store
 * keeps it, never the secret itself.
 */
export type CredentialKey = { via: 'session' | 'token'; hash: string };

/** The request headers that may carry a credential, as sent. */
export type Credentials = { authorization: string | undefined; cookie: string | undefined };

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

function refused(): ProtocolError {
  return new ProtocolError('unauthorized', 'invalid, expired or revoked API token');
}

/**
 * Turns request headers into a principal: an `Authorization: Bearer bsn_…` API token (CLI,
 * scripts) or the browser's session cookie. The user and its grants are read afresh each time, so
 * a role or grant change or a deleted user takes effect on the next request.
 */
export class Authenticator {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #sessions: Sessions;
  readonly #tokenTouchMs: number;

  constructor(store: Store, clock: Clock, sessions: Sessions, tokenTouchMs: number) {
    this.#store = store;
    this.#clock = clock;
    this.#sessions = sessions;
    this.#tokenTouchMs = tokenTouchMs;
  }

  /**
   * Undefined when the request carries no credentials at all or a session that has ended; a
   * bearer token that is malformed or not valid is refused outright, since the caller meant it.
   * A store that cannot be read throws its `store_unavailable` error: who sent the request is
   * then unknown, which is not the same as not logged in.
   */
  async authenticate(credentials: Credentials): Promise<Authenticated | undefined> {
    if (credentials.authorization !== undefined) return this.#bearer(credentials.authorization);
    const token = readCookie(credentials.cookie, SESSION_COOKIE);
    if (token === undefined || token === '') return undefined;
    const session = await this.#sessions.resolve(token);
    if (!session) return undefined;
    const principal = await this.principalOf(session.userId);
    if (!principal) return undefined;
    return { principal, via: 'session', sessionToken: token };
  }

  /** The key of credentials `authenticate` accepted, to check them again with `authenticateKey`. */
  async keyOf(authenticated: Authenticated, credentials: Credentials): Promise<CredentialKey | undefined> {
    if (authenticated.via === 'session')
      return { via: 'session', hash: await hashToken(authenticated.sessionToken) };
    const token = BEARER.exec(credentials.authorization ?? '')?.[1];
    return token === undefined ? undefined : { via: 'token', hash: await hashToken(token) };
  }

  /**
   * The user behind a kept credential as it is now, or undefined when the session ended or the
   * token was revoked or expired (as `authenticate` would find on a new request).
   */
  async authenticateKey(key: CredentialKey): Promise<Principal | undefined> {
    if (key.via === 'session') {
      const session = await this.#sessions.resolveHash(key.hash);
      return session && this.principalOf(session.userId);
    }
    const record = await this.#store.apiTokens.byHash(key.hash);
    const now = this.#clock.now();
    if (!record || record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now)) {
      return undefined;
    }
    return this.principalOf(record.userId);
  }

  /** The user as it is now: its global role and its grants on single hosts. */
  async principalOf(userId: string): Promise<Principal | undefined> {
    const user = await this.#store.users.byId(userId);
    if (!user) return undefined;
    const grants = (await this.#store.grants.listForUser(user.id)).map(({ agentId, role }) => ({
      agentId,
      role,
    }));
    return { kind: 'user', userId: user.id, username: user.username, role: user.role, grants };
  }

  async #bearer(header: string): Promise<Authenticated> {
    const token = BEARER.exec(header)?.[1];
    if (token === undefined || !isApiToken(token)) {
      throw new ProtocolError('unauthorized', 'expected "Authorization: Bearer bsn_…" with an API token');
    }
    const record = await this.#store.apiTokens.byHash(await hashToken(token));
    const now = this.#clock.now();
    if (!record || record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now)) {
      throw refused();
    }
    const principal = await this.principalOf(record.userId);
    if (!principal) throw refused();
    if (record.lastUsedAt === null || now - record.lastUsedAt >= this.#tokenTouchMs) {
      // lastUsedAt is for people reading the token list: a store that cannot write it now must
      // not refuse a valid token, and the next request tries again.
      await this.#store.apiTokens.touch(record.id, now).catch((error: unknown) => {
        if (!isStoreUnavailable(error)) throw error;
      });
    }
    return { principal, via: 'token', tokenId: record.id };
  }
}
