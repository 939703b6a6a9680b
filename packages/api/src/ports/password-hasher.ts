// Longer passwords are refused before hashing (protocol's bound): it bounds every hasher's work.
import { MAX_PASSWORD_BYTES } from '@bosun/protocol';

export { MAX_PASSWORD_BYTES };

/**
 * Slow, salted password hashing. The runtime supplies it because what a slow hash costs and
 * which are at hand differ per runtime (Node: scrypt from `node:crypto` on its thread pool).
 * `describePasswordHasherContract` in `@bosun/api/testing` is the suite every implementation
 * passes.
 */
export interface PasswordHasher {
  /**
   * A self-describing stored string for `password`, salted so equal passwords hash apart. A
   * password over `MAX_PASSWORD_BYTES` is refused with a `ProtocolError('invalid_data')`.
   */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `stored`. `stored` is undefined for a user that does not
   * exist: the same work is done and the answer is false, so timing does not tell which
   * usernames exist. An over-long password or an unreadable `stored` is false, never an error.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
  /** True when `stored` was made with other parameters than today's, so a login re-hashes it. */
  needsRehash(stored: string): boolean;
}
