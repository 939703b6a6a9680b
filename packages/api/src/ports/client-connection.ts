import type { Context } from 'hono';

/**
 * What only the runtime knows about the HTTP connection a request came on: Node reads its
 * socket, a runtime behind a front proxy reads what that proxy vouches for.
 */
export interface ClientConnection {
  /**
   * The peer's address, for rate limits. Forwarded-for headers a client could write itself are
   * not evidence of it.
   */
  readonly address: string;
  /** True when the connection itself is TLS (X-Forwarded-Proto is read separately). */
  readonly encrypted: boolean;
  /**
   * Ends the response at once, mid-stream, so the client sees a cut rather than a complete
   * answer. False when the runtime has no such handle; the response stream is errored instead.
   */
  drop(): boolean;
}

/** The connection of one request; called once per request, before any route runs. */
export type ConnectionOf = (c: Context) => ClientConnection;
