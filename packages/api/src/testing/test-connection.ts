import type { ConnectionOf } from '../ports/client-connection.ts';

/** What a test says about a request's connection, passed as the request's bindings. */
export type TestConnectionFacts = { address?: string; encrypted?: boolean };

/** The default peer address of test requests. */
export const TEST_CLIENT_ADDRESS = '192.0.2.10';

/**
 * The connection as `app.request(…, env)` describes it (address and TLS), defaulting to a plain
 * HTTP client at `TEST_CLIENT_ADDRESS`. It cannot drop a response, so a cut errors the stream.
 */
export const testConnectionOf: ConnectionOf = (c) => {
  const facts = (c.env ?? {}) as TestConnectionFacts;
  return {
    address: facts.address ?? TEST_CLIENT_ADDRESS,
    encrypted: facts.encrypted === true,
    drop: () => false,
  };
};
