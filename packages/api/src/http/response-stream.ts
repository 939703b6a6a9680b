import type { AppContext } from './app-env.ts';

// Helpers for long-lived streamed responses (event streams, log reads), on Web streams alone. A
// runtime pulls a response's body stream as it sends it (Node's adapter only while the socket
// drains), so what a slow client has not taken yet sits in the stream's queue, where it can be
// measured and bounded.

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
 * Drops a response mid-stream. The runtime's connection ends it at once, quietly, when it can
 * (Node destroys the socket); otherwise (in-process `app.request`) the stream is errored.
 */
export function cutResponse(c: AppContext, controller: ReadableStreamDefaultController<Uint8Array>): void {
  if (!c.get('connection').drop()) controller.error(new Error('response cut'));
}
