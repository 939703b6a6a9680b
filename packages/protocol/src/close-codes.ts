import type { ErrorCode } from './errors.ts';
import { ProtocolError } from './errors.ts';
import { utf8ByteLength } from './utf8.ts';

/**
 * Every WebSocket close code bosun sends or acts on, for every socket (agent, viewer) and every
 * runtime. 4000-4999 are for applications; ours echo the HTTP status they resemble so a code
 * reads at a glance in logs.
 */
export const CLOSE_CODES = {
  /** The peer is done: a viewer leaving, an agent stopping. */
  normal: 1000,
  /** The manager is shutting down; the peer should reconnect later. */
  goingAway: 1001,
  /** Never sent: what a peer sees when the connection dropped without a close frame. */
  abnormal: 1006,
  /** Something broke on the closing side. */
  internal: 1011,
  /** The first frame was not a valid hello. */
  badHello: 4400,
  /** Unknown join token or credential, or a viewer whose session or API token was withdrawn: retrying cannot help. */
  unauthorized: 4401,
  /** The agent was revoked while connected. */
  revoked: 4403,
  /** No hello within the deadline, or a welcomed agent silent for three heartbeat intervals. */
  timeout: 4408,
  /** A newer connection authenticated with the same credential. */
  replaced: 4409,
  /** The agent speaks a protocol version this manager does not accept (see `wire-compat.ts`). */
  protocolMismatch: 4426,
} as const;

/** One of `CLOSE_CODES`. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

// Only a refused hello closes a socket because of an error; revocation, replacement, the hello
// deadline and shutdown are situations, closed with their own code where they happen.
const FOR_ERROR: Partial<Record<ErrorCode, CloseCode>> = {
  unauthorized: CLOSE_CODES.unauthorized,
  protocol_mismatch: CLOSE_CODES.protocolMismatch,
  internal: CLOSE_CODES.internal,
};

/**
 * The close code for a refused hello: unauthorized and protocol mismatch have their own, anything
 * else wrong with the frame is a bad hello, and what is not a ProtocolError is internal.
 */
export function closeCodeFor(error: unknown): CloseCode {
  if (error instanceof ProtocolError) return FOR_ERROR[error.code] ?? CLOSE_CODES.badHello;
  return CLOSE_CODES.internal;
}

// RFC 6455 allows 123 bytes of reason; longer ones make some stacks throw instead of closing.
const MAX_REASON_BYTES = 123;

/** `text` as a close reason: unchanged when it fits RFC 6455's 123 bytes, else cut with an ellipsis. */
export function closeReason(text: string): string {
  if (utf8ByteLength(text) <= MAX_REASON_BYTES) return text;
  let cut = text.slice(0, MAX_REASON_BYTES);
  while (utf8ByteLength(cut) > MAX_REASON_BYTES - 3) cut = cut.slice(0, -1);
  return `${cut}…`;
}
