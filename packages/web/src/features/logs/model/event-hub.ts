// biome-ignore lint/suspicious/noExplicitAny: listener signatures are checked per event by EventMap.
type Listener = (...args: any[]) => void;

/**
 * A small typed emitter. A listener that throws must not break the emitter's own work (a socket
 * message half handled), so its error is rethrown on a microtask: it still reaches the console
 * (and fails a test), but after the emitter is done.
 */
export class EventHub<EventMap extends { [K in keyof EventMap]: Listener }> {
  readonly #listeners = new Map<keyof EventMap, Set<Listener>>();

  /** Adds a listener; the function returned removes it. */
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

  /** Calls the event's listeners in the order they were added. */
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

  /** Removes every listener of every event. */
  clear(): void {
    this.#listeners.clear();
  }
}
