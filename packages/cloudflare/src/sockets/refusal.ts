import { toHttpError } from '@bosun/api';
import { type ErrorCode, ProtocolError } from '@bosun/protocol';

/** An upgrade refused before the handshake: the API's JSON error with its status, as on Node. */
export function refusal(code: ErrorCode, message: string): Response {
  const { status, body, headers } = toHttpError(new ProtocolError(code, message));
  return Response.json(body, { status, headers });
}
