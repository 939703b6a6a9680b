// biome-ignore lint/suspicious/noExplicitAny: listener signatures are checked per event by EventMap.
type Listener = (...args: any[]) => void;

/**
 * A small typed emitter. A listener that throws must not break the emitter's own work (a socket
 * message half handled), so its error is rethrown on a microtask: it still reaches the console
 * (and fails a test), but after the emitter is done.
 */
export class EventHub<EventMap extends { [K in keyof EventMap]: Listener }> {
  readonly #listeners = new Map<keyof EventMap, Set<Listener>>();

  on<E extends keyof EventMap>(event: E, listener: EventMap[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends keyof EventMap>(event: E, ...args: Parameters<EventMap[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
