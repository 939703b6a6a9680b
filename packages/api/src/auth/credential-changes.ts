type Listener = () => void;

/**
 * Says "some credential was just withdrawn" (a logout, a deleted user, a changed password, a
 * revoked API token) or "some user's rights changed" (a role or a grant). Long-lived connections
 * listen and check their own credentials and rights again at once, so a withdrawn session loses
 * its live streams, and a withdrawn host its subscriptions, now rather than at the next periodic
 * check. It names nobody: each connection asks the store about itself, which keeps this free
 * of any mapping from sessions to sockets.
 */
export class CredentialChanges {
  readonly #listeners = new Set<Listener>();

  get listeners(): number {
    return this.#listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  withdrawn(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // One connection's failure to re-check must not keep the others from theirs.
      }
    }
  }
}
