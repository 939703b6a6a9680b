import {
  type DecodeFailure,
  encodeErrorReply,
  encodePush,
  encodeReply,
  ProtocolError,
  toWireError,
} from '@bosun/protocol';
import type { HubLogger } from './logger.ts';
import type { Connection } from './ports/connection.ts';

// These never throw into the hub. A frame that cannot be encoded (a result that is not JSON or
// breaks the frame limit) is a bug of the hub to log, not a reason to drop the peer: a peer
// waiting on a reply gets an `internal` error reply instead. A closed socket swallows what is
// sent (the Connection port's rule).

/** Answers a request with its result, or with an `internal` error when the result cannot be encoded. */
export function sendReply(conn: Connection, inbox: string, result: unknown, logger: HubLogger): void {
  const frame = encoded(() => encodeReply(inbox, result), logger, 'reply');
  if (frame !== undefined) conn.send(frame);
  else sendErrorReply(conn, inbox, new ProtocolError('internal', 'the answer could not be encoded'), logger);
}

/** Answers a request with an error; details that cannot be encoded are left out. */
export function sendErrorReply(conn: Connection, inbox: string, error: unknown, logger: HubLogger): void {
  const frame = encoded(() => encodeErrorReply(inbox, toWireError(error)), logger, 'error reply');
  if (frame !== undefined) conn.send(frame);
}

/**
 * Answers a frame that failed to decode: on its reply inbox when one was readable (the peer is
 * waiting on it), otherwise with an `error` push naming the subject. The connection survives.
 */
export function answerBadFrame(conn: Connection, failure: DecodeFailure, logger: HubLogger): void {
  const wire = toWireError(failure.error);
  if (failure.reply !== undefined) {
    sendErrorReply(conn, failure.reply, wire, logger);
    return;
  }
  const data = failure.subject === undefined ? wire : { ...wire, inReplyTo: failure.subject };
  const frame = encoded(() => encodePush('error', data), logger, 'error push');
  if (frame !== undefined) conn.send(frame);
}

/** A frame as the adapter hands it over, as text for decode's failure path and for logs. */
export type InboundData = string | Uint8Array;

function encoded(encode: () => string, logger: HubLogger, what: string): string | undefined {
  try {
    return encode();
  } catch (error) {
    logger('error', `a ${what} could not be encoded`, { error: String(error) });
    return undefined;
  }
}
