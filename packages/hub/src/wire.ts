import { type DecodeFailure, encodeErrorReply, encodePush, encodeReply, toWireError } from '@bosun/protocol';
import type { Connection } from './ports/connection.ts';

// Sending never throws into the hub: a frame that cannot be encoded is a bug to log, not a
// reason to drop the peer, and a closed socket just swallows it.

export function sendReply(conn: Connection, inbox: string, result: unknown): void {
  conn.send(encodeReply(inbox, result));
}

export function sendErrorReply(conn: Connection, inbox: string, error: unknown): void {
  conn.send(encodeErrorReply(inbox, toWireError(error)));
}

/**
 * Answers a frame that failed to decode: on its reply inbox when one was readable (the peer is
 * waiting on it), otherwise with an `error` push naming the subject. The connection survives.
 */
export function answerBadFrame(conn: Connection, failure: DecodeFailure): void {
  const wire = toWireError(failure.error);
  if (failure.reply !== undefined) {
    conn.send(encodeErrorReply(failure.reply, wire));
    return;
  }
  conn.send(
    encodePush('error', failure.subject === undefined ? wire : { ...wire, inReplyTo: failure.subject }),
  );
}

/** A frame as the adapter hands it over, as text for decode's failure path and for logs. */
export type InboundData = string | Uint8Array;
