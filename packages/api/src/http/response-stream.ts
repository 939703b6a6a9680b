import type { AppContext } from './app-env.ts';

// Helpers for long-lived streamed responses (event streams, log reads). @hono/node-server pulls
// from the body stream only while the socket drains, so what a slow client has not taken yet
// sits in the stream's queue, where it can be measured and bounded.

const HIGH_WATER_BYTES = 64 * 1024;

/** Queue chunks counted in bytes, so bounds read in bytes. */
export function byteQueueStrategy(): QueuingStrategy<Uint8Array> {
  return { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength };
}

/** Bytes enqueued but not yet taken by the socket writer. */
export function queuedBytes(controller: ReadableStreamDefaultController<Uint8Array>): number {
  return HIGH_WATER_BYTES - (controller.desiredSize ?? 0);
}

/**
 * Drops a response mid-stream. Destroying Node's socket ends it at once, quietly; without Node
 * objects (in-process `app.request`) the stream is errored instead.
 */
export function cutResponse(c: AppContext, controller: ReadableStreamDefaultController<Uint8Array>): void {
  const outgoing = c.env?.outgoing;
  if (outgoing) outgoing.destroy();
  else controller.error(new Error('response cut'));
}
