/**
 * When a partly filled batch goes out; returns a function that cancels the call. Production passes
 * a setImmediate-based one, so everything read from Docker in one event-loop turn goes out as one
 * batch and a lone line waits no longer than that turn.
 */
export interface Scheduler {
  schedule(fn: () => void): () => void;
}
