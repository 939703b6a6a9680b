import { z } from 'zod';
import { MAX_ERROR_MESSAGE_LENGTH } from './limits.ts';

/**
 * Every error code a frame, a reply or an HTTP error body may carry. Which of them a retry can
 * change is `isFinalError`'s business, in one place.
 */
export const ERROR_CODES = [
  'bad_json',
  'bad_frame',
  'too_large',
  'unknown_subject',
  'invalid_data',
  'protocol_mismatch',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'docker_unavailable',
  'timeout',
  'agent_offline',
  'rate_limited',
  'limit_exceeded',
  'store_unavailable',
  'internal',
] as const;

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Checks an error code; an unknown one fails. */
export const errorCodeSchema = z.enum(ERROR_CODES);

/**
 * An error as it crosses the wire: a code, a sentence of at most `MAX_ERROR_MESSAGE_LENGTH`
 * characters, and optional details for whoever debugs the peer.
 */
export const wireErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
  details: z.unknown().optional(),
});

/** An error as it crosses the wire: see `wireErrorSchema`. */
export type WireError = z.infer<typeof wireErrorSchema>;

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether `value` is one of `ERROR_CODES`. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODE_SET.has(value);
}

// Refusals that may pass: the peer offline, slow, overloaded or failing for now (the manager's
// database busy or its disk full included), or speaking
// another protocol version while one side of a fleet is being upgraded (an agent refused for its
// version keeps retrying: see wire-compat.ts). Every other code refuses the request itself or who
// asks, and asking again gets the same answer.
const PASSING_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'docker_unavailable',
  'timeout',
  'agent_offline',
  'rate_limited',
  'protocol_mismatch',
  'store_unavailable',
  'internal',
]);

/**
 * Whether a retry of the same request would be refused the same way. The one list every peer
 * asks before trying again: the agent's hello (a final refusal stops it for good), the CLI's
 * follow, the viewer's subscriptions and the hub's stream starts.
 */
export function isFinalError(code: string): boolean {
  return isErrorCode(code) && !PASSING_CODES.has(code);
}

/**
 * An error meant for the peer: its code and message cross the wire (see `toWireError`), so the
 * message must be fit for the other side to read.
 */
export class ProtocolError extends Error {
  /** What went wrong, for the peer's program: one of `ERROR_CODES`. */
  readonly code: ErrorCode;
  /** Anything the peer may want for debugging; it crosses the wire, so never a secret. */
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProtocolError';
    this.code = code;
    if (options?.details !== undefined) this.details = options.details;
  }
}

// Two copies of this package (a bundled web app next to a linked one) break instanceof,
// so a ProtocolError is also recognised by its name and code.
function isProtocolError(err: unknown): err is ProtocolError {
  if (err instanceof ProtocolError) return true;
  return (
    err instanceof Error && err.name === 'ProtocolError' && isErrorCode((err as { code?: unknown }).code)
  );
}

/**
 * `message` cut to `max` characters with an ellipsis, on a code-point boundary so a truncated
 * message never ends in half a surrogate pair.
 */
export function truncateMessage(message: string, max = MAX_ERROR_MESSAGE_LENGTH): string {
  if (message.length <= max) return message;
  let end = max - 1;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${message.slice(0, end)}…`;
}

const INTERNAL: WireError = { code: 'internal', message: 'internal error' };

/**
 * Any thrown value as a wire error. Anything that is not a ProtocolError (or an already
 * well-formed wire error) may carry paths, stack traces or secrets in its message, so it crosses
 * the wire only as a generic `internal`. Never throws, even on a hostile value.
 */
export function toWireError(err: unknown): WireError {
  try {
    if (isProtocolError(err)) {
      const wire: WireError = { code: err.code, message: truncateMessage(String(err.message)) };
      if (err.details !== undefined) wire.details = err.details;
      return wire;
    }
    if (typeof err === 'object' && err !== null && !(err instanceof Error)) {
      const { code, message, details } = err as { code?: unknown; message?: unknown; details?: unknown };
      if (isErrorCode(code) && typeof message === 'string') {
        const wire: WireError = { code, message: truncateMessage(message) };
        if (details !== undefined) wire.details = details;
        return wire;
      }
    }
  } catch {
    // A hostile value (throwing getter, revoked proxy) still yields an answer.
  }
  return { ...INTERNAL };
}
