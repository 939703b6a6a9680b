// Opaque so the hub cannot depend on what a runtime returns (a number in browsers and Workers,
// an object on Node); only the clock that made a handle can clear it.
declare const timerBrand: unique symbol;
/** What `Clock.setTimeout` returns, to hand back to its `clearTimeout`. */
export type TimerHandle = { readonly [timerBrand]: true };

/**
 * Time as the hub sees it. Injected so tests drive it by hand and so the Durable Objects adapter
 * can map timers onto alarms if it needs to.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The runtime's own timers: globalThis.setTimeout exists in Node, browsers and Workers alike. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as Parameters<typeof clearTimeout>[0]),
};
