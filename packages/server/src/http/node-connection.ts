import type { ClientConnection } from '@bosun/api';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * The API's view of a request's connection, read from Node's socket. Under in-process
 * `app.request` there are no Node objects: the address is unknown and nothing is TLS.
 */
export function nodeConnectionOf(c: Context<{ Bindings: Partial<HttpBindings> }>): ClientConnection {
  const socket = c.env?.incoming?.socket as { remoteAddress?: string; encrypted?: boolean } | undefined;
  return {
    address: socket?.remoteAddress ?? 'unknown',
    encrypted: socket?.encrypted === true,
    drop: () => {
      const outgoing = c.env?.outgoing;
      if (!outgoing) return false;
      // Destroying the socket ends the response at once, quietly, whatever is still queued.
      outgoing.destroy();
      return true;
    },
  };
}
