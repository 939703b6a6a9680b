/** The least a viewer socket may hold unsent however many viewers there are: a few full frames. */
export const MIN_SOCKET_ALLOWANCE_BYTES = 64 * 1024;

/**
 * How many unsent bytes one viewer socket may hold before its subscriptions stop writing to it
 * (they park, and catch up from their rings once it drains): the high-water mark, or, with many
 * viewers, an equal share of a quarter of the memory budget, so that sockets that all fall behind
 * at once cannot together take most of the budget before any of them counts as slow (the rest is
 * for rings, queues and reads; what the sockets hold costs more than its bytes besides). Never below
 * `MIN_SOCKET_ALLOWANCE_BYTES`; past that many viewers the shedding order closes the furthest behind.
 */
export function viewerSocketAllowance(budgetBytes: number, highWaterBytes: number, viewers: number): number {
  const share = Math.floor(budgetBytes / 4 / Math.max(1, viewers));
  return Math.min(highWaterBytes, Math.max(MIN_SOCKET_ALLOWANCE_BYTES, share));
}
