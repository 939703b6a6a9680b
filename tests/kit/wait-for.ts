export type WaitForOptions = {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between two polls. */
  intervalMs?: number;
  /** What is awaited, in words: it becomes the timeout error's message. */
  what: string;
  /** Extra detail for the timeout error, computed only when it happens (e.g. a log tail). */
  detail?: () => string;
};

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/**
 * Polls `fn` until it returns something other than `undefined`, `null` or `false`,
 * and resolves with that value. Tests wait for state this way, never with fixed
 * sleeps, so they are as fast as the system allows and fail with a message that
 * says what never happened.
 *
 * An error thrown by `fn` ends the wait at once: a poll that expects transient
 * failures (a socket not listening yet) catches them itself and returns `false`.
 */
export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitForOptions,
): Promise<T> {
  const { timeoutMs, intervalMs = 50, what, detail } = options;
  const started = performance.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== null && value !== false) return value;
    const elapsed = performance.now() - started;
    if (elapsed >= timeoutMs) {
      const extra = detail ? `\n${detail()}` : '';
      throw new WaitTimeoutError(`timed out after ${Math.round(elapsed)} ms waiting for ${what}${extra}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, timeoutMs - elapsed)));
  }
}

/**
 * The blocking twin of `waitFor`, for process-exit hooks only: Node runs `exit`
 * listeners synchronously, so they cannot await. Blocks the thread between polls.
 */
export function waitForSync<T>(fn: () => T | undefined | null | false, options: WaitForOptions): T {
  const { timeoutMs, intervalMs = 50, what, detail } = options;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const started = performance.now();
  for (;;) {
    const value = fn();
    if (value !== undefined && value !== null && value !== false) return value;
    const elapsed = performance.now() - started;
    if (elapsed >= timeoutMs) {
      const extra = detail ? `\n${detail()}` : '';
      throw new WaitTimeoutError(`timed out after ${Math.round(elapsed)} ms waiting for ${what}${extra}`);
    }
    Atomics.wait(pause, 0, 0, Math.min(intervalMs, timeoutMs - elapsed));
  }
}
