import { type ManagerProof, ProtocolError, verifyManagerProof } from '@bosun/protocol';
import type { CredentialStore } from './credential-store.ts';

/** Where the binding's notes go (the agent's logger). */
export type BindingLog = (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;

/**
 * Binds the agent's credential to the manager it enrolled with. Before every hello the manager
 * signs the agent's nonce (`agent.prove`); the credential is sent only to a manager whose
 * signature verifies and whose key is the one stored beside the credential. A join stores the
 * key the manager proved while joining; a credential stored before managers proved a key is
 * bound to the first key proven (trust on first use), and the agent says so.
 *
 * A key rather than a certificate pin, so a TLS-terminating proxy in front of the manager, or a
 * runtime whose certificates are not the manager's own, does not break the binding.
 */
export class ManagerBinding {
  readonly #store: CredentialStore;
  readonly #log: BindingLog;
  #proven: string | undefined;

  constructor(store: CredentialStore, log: BindingLog) {
    this.#store = store;
    this.#log = log;
  }

  /** The key the manager proved on the current connection, which a join stores. */
  get provenKey(): string | undefined {
    return this.#proven;
  }

  /**
   * Accepts the manager's proof for `nonce`, or rejects with the reason the agent must not send
   * this manager its credential.
   */
  async accept(proof: ManagerProof, nonce: string): Promise<void> {
    this.#proven = undefined;
    if (!(await verifyManagerProof(proof, nonce))) {
      throw new ProtocolError('unauthorized', 'its proof of identity does not verify');
    }
    const stored = await this.#store.load();
    if (stored?.managerKey !== undefined && stored.managerKey !== proof.publicKey) {
      throw new ProtocolError(
        'unauthorized',
        `it proved key ${proof.publicKey}, not ${stored.managerKey}, the key of the manager this agent enrolled with (to enrol with another manager, remove ${this.#store.path} and join again)`,
      );
    }
    if (stored && stored.managerKey === undefined) {
      await this.#store.save({ ...stored, managerKey: proof.publicKey });
      this.#log('warn', "bound the stored credential to the manager's key on first use", {
        managerKey: proof.publicKey,
      });
    }
    this.#proven = proof.publicKey;
  }
}
