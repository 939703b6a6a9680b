import { ConcurrencyGate } from '@bosun/protocol';
import { FakePasswordHasher } from './fake-password-hasher.ts';

/**
 * A fake hasher whose checks finish only when the test says (`finishRunning`), behind a gate of
 * two running and 64 waiting as the Node manager's scrypt is: what a flood of logins does to the
 * hashing capacity can then be played out step by step, without real hashing.
 */
export class HeldPasswordHasher extends FakePasswordHasher {
  readonly #gate = new ConcurrencyGate(2, 64, 'too many password checks at once; try again shortly');
  #held: Array<() => void> = [];

  override verify(password: string, stored: string | undefined): Promise<boolean> {
    return this.#gate.run(async () => {
      await new Promise<void>((resolve) => this.#held.push(resolve));
      return super.verify(password, stored);
    });
  }

  /** Checks running now, each waiting for `finishRunning`. */
  get running(): number {
    return this.#held.length;
  }

  /** Lets every running check finish, then lets the requests that waited on them move on. */
  async finishRunning(): Promise<void> {
    const held = this.#held;
    this.#held = [];
    for (const finish of held) finish();
    await this.settled();
  }

  /**
   * Lets the requests under way move on as far as they can: every step of a request through the
   * API is a promise job, so once the next macrotask runs, each is answered or held.
   */
  settled(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
}
