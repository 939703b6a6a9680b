/**
 * Runs tasks one after another. Used where a check and the write it guards must not interleave
 * with another request's (e.g. "is this the last admin?" then "demote"). Waiting tasks are
 * requests in flight, so they are bounded by the server's connections.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
