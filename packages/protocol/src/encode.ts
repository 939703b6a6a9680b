import { INBOX_PREFIX, isInbox, type ReplyFrame } from './envelope.ts';
import { ProtocolError, toWireError } from './errors.ts';
import { MAX_FRAME_BYTES } from './limits.ts';
import type { DataOf, Frame, Subject } from './subjects.ts';
import { exceedsUtf8Bytes } from './utf8.ts';

// No schema check here: encoding sits on the log hot path and the types already hold producers to
// the contract. validateFrame exists for tests that want the runtime check.
function serialise(frame: object): string {
  let json: string;
  try {
    json = JSON.stringify(frame);
  } catch (cause) {
    throw new ProtocolError('invalid_data', 'frame cannot be written as JSON', { cause });
  }
  // Callers split batches below this; a frame over it would be refused by every peer anyway.
  if (exceedsUtf8Bytes(json, MAX_FRAME_BYTES)) {
    throw new ProtocolError('too_large', `frame exceeds ${MAX_FRAME_BYTES} bytes`);
  }
  return json;
}

function assertInbox(inbox: string): void {
  if (!isInbox(inbox)) throw new ProtocolError('bad_frame', `not an inbox: expected "${INBOX_PREFIX}…"`);
}

/**
 * A frame as the JSON text that goes on the wire. No schema check (encoding sits on the log hot
 * path and the types already hold producers to the contract; `validateFrame` is there for tests),
 * but it throws a ProtocolError when the frame is not JSON (`invalid_data`) or would exceed
 * `MAX_FRAME_BYTES` (`too_large`), which every peer would refuse anyway.
 */
export function encode(frame: Frame | ReplyFrame): string {
  return serialise(frame);
}

/**
 * A request to `subject` whose answer goes to `reply`, an inbox the caller made (`newInbox`);
 * throws as `encode` does, and `bad_frame` when `reply` is not an inbox.
 */
export function encodeRequest<S extends Subject>(subject: S, data: DataOf<S>, reply: string): string {
  assertInbox(reply);
  return serialise({ subject, reply, data });
}

/** A push to `subject`, which takes no answer; throws as `encode` does. */
export function encodePush<S extends Subject>(subject: S, data: DataOf<S>): string {
  return serialise({ subject, data });
}

/**
 * A successful answer to the request that named `inbox`; throws as `encode` does, and
 * `bad_frame` when `inbox` is not one.
 */
export function encodeReply(inbox: string, result: unknown): string {
  assertInbox(inbox);
  return serialise({ subject: inbox, data: { ok: true, result } });
}

/**
 * A refusal of the request that named `inbox`, with `error` made safe by `toWireError`. An error
 * reply must get out even when its details cannot (not JSON, too big): the requester is waiting on
 * it, so the details are dropped rather than the answer.
 */
export function encodeErrorReply(inbox: string, error: unknown): string {
  assertInbox(inbox);
  const wire = toWireError(error);
  try {
    return serialise({ subject: inbox, data: { ok: false, error: wire } });
  } catch {
    const { details: _dropped, ...bare } = wire;
    return serialise({ subject: inbox, data: { ok: false, error: bare } });
  }
}
