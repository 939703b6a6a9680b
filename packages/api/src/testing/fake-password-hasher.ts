import { randomToken } from '@bosun/hub';
import { ProtocolError } from '@bosun/protocol';
import { MAX_PASSWORD_BYTES, type PasswordHasher } from '../ports/password-hasher.ts';

const encoder = new TextEncoder();

/**
 * A `PasswordHasher` for tests: it keeps the password in the clear behind a salt, so it costs
 * nothing, and passes the same contract as a real one (salting, the byte bound, NFC, the
 * unknown-user answer). Never for anything but tests.
 */
export class FakePasswordHasher implements PasswordHasher {
  #generation = 1;

  async hash(password: string): Promise<string> {
    if (encoder.encode(password).byteLength > MAX_PASSWORD_BYTES) {
      throw new ProtocolError('invalid_data', `password is longer than ${MAX_PASSWORD_BYTES} bytes`);
    }
    return `fake$${this.#generation}$${randomToken(8)}$${password.normalize('NFC')}`;
  }

  async verify(password: string, stored: string | undefined): Promise<boolean> {
    if (stored === undefined || encoder.encode(password).byteLength > MAX_PASSWORD_BYTES) return false;
    const parts = stored.split('$');
    if (parts.length < 4 || parts[0] !== 'fake') return false;
    return parts.slice(3).join('$') === password.normalize('NFC');
  }

  needsRehash(stored: string): boolean {
    return !stored.startsWith(`fake$${this.#generation}$`);
  }

  /** Every hash made so far now needs re-hashing, as after raising a real hasher's parameters. */
  raiseParameters(): void {
    this.#generation += 1;
  }
}
