import { type ErrorCode, ProtocolError, utf8ByteLength } from '@bosun/protocol';
import type { Connection } from './ports/connection.ts';

/**
 * The one place that decides how the hub closes a WebSocket. 4000-4999 are for applications;
 * ours echo the HTTP status they resemble so a code reads at a glance in logs.
 */
export const CLOSE_CODES = {
  /** The manager is shutting down; the peer should reconnect later. */
  goingAway: 1001,
  /** Something broke on our side. */
  internal: 1011,
  /** The first frame was not a valid hello. */
  badHello: 4400,
  /** Unknown join token or credential. */
  unauthorized: 4401,
  /** The agent was revoked while connected. */
  revoked: 4403,
  /** No hello within the deadline, or a welcomed agent silent for three heartbeat intervals. */
  timeout: 4408,
  /** A newer connection authenticated with the same credential. */
  replaced: 4409,
  /** The agent speaks another protocol version. */
  protocolMismatch: 4426,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

// Only a refused hello closes a socket because of an error; revocation, replacement, the hello
// deadline and shutdown are situations, closed with their own code where they happen.
const FOR_ERROR: Partial<Record<ErrorCode, CloseCode>> = {
  unauthorized: CLOSE_CODES.unauthorized,
  protocol_mismatch: CLOSE_CODES.protocolMismatch,
  internal: CLOSE_CODES.internal,
};

/**
 * The close code for a refused hello: unauthorized and protocol mismatch have their own (the
 * agent stops retrying on them), anything else wrong with the frame is a bad hello.
 */
export function closeCodeFor(error: unknown): CloseCode {
  if (error instanceof ProtocolError) return FOR_ERROR[error.code] ?? CLOSE_CODES.badHello;
  return CLOSE_CODES.internal;
}

// RFC 6455 allows 123 bytes of reason; longer ones make some stacks throw instead of closing.
const MAX_REASON_BYTES = 123;

export function closeReason(text: string): string {
  if (utf8ByteLength(text) <= MAX_REASON_BYTES) return text;
  let cut = text.slice(0, MAX_REASON_BYTES);
  while (utf8ByteLength(cut) > MAX_REASON_BYTES - 3) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Closes without letting a misbehaving socket throw into the hub. */
export function closeConnection(conn: Connection, code: CloseCode, reason: string): void {
  try {
    conn.close(code, closeReason(reason));
  } catch {
    // Already closed or closing: nothing left to do.
  }
}
