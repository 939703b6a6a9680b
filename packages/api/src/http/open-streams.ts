/**
 * Long-lived responses in progress. Each registers how to end itself, so shutdown can end them
 * instead of waiting for clients that never hang up.
 */
export class OpenStreams {
  readonly #enders = new Set<() => void>();

  get size(): number {
    return this.#enders.size;
  }

  /** Registers `end`; returns the function that unregisters it. */
  add(end: () => void): () => void {
    this.#enders.add(end);
    return () => this.#enders.delete(end);
  }

  endAll(): void {
    for (const end of [...this.#enders]) {
      this.#enders.delete(end);
      try {
        end();
      } catch {
        // Already gone.
      }
    }
  }
}
