import {
  ENVELOPE_KEYS,
  INBOX_PREFIX,
  type Inbox,
  isInbox,
  isSubjectName,
  type ReplyFrame,
  replyDataSchema,
} from './envelope.ts';
import { type ErrorCode, ProtocolError } from './errors.ts';
import { issuesToError } from './issues.ts';
import { MAX_FRAME_BYTES, MAX_SUBJECT_LENGTH } from './limits.ts';
import { type FrameFor, getSubjectSpec, type ResultOf, type Subject } from './subjects.ts';
import { exceedsUtf8Bytes } from './utf8.ts';

/**
 * What a WebSocket library hands over: text, or bytes as a Buffer, an ArrayBuffer, a typed array
 * view, or (ws with binaryType "fragments") a list of chunks.
 */
export type DecodeInput = string | ArrayBuffer | ArrayBufferView | readonly Uint8Array[];

/** What a peer accepts: how large a frame (`MAX_FRAME_BYTES` when left out) and which subjects. */
export interface DecodeOptions<S extends Subject = Subject> {
  /** The largest frame accepted, in UTF-8 bytes; `MAX_FRAME_BYTES` when left out. */
  maxBytes?: number;
  /**
   * Subjects this peer may receive; anything else registered is `forbidden`. Replies to this
   * peer's own requests (inbox subjects) are always let through.
   */
  allow?: readonly S[];
}

/** A frame refused, with what could be read of it so the peer can be answered. */
export interface DecodeFailure {
  ok: false;
  error: ProtocolError;
  /** The bad frame's reply inbox, when one could be read, so the peer can be answered. */
  reply?: Inbox;
  /** The bad frame's subject, when it had the form of one. */
  subject?: string;
}

/**
 * A checked frame (a registered subject with valid data, or a reply whose result is yet to be
 * checked by `decodeResult`), or why it was refused.
 */
export type DecodeResult<S extends Subject = Subject> =
  | { ok: true; frame: FrameFor<S> | ReplyFrame }
  | DecodeFailure;

// fatal: a frame with invalid UTF-8 is refused outright rather than silently patched with U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

const ENVELOPE_KEY_SET: ReadonlySet<string> = new Set(ENVELOPE_KEYS);
const MAX_KEY_IN_MESSAGE = 64;

function failure(code: ErrorCode, message: string): DecodeFailure {
  return { ok: false, error: new ProtocolError(code, message) };
}

function isArrayBuffer(value: object): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function tooLarge(maxBytes: number): DecodeFailure {
  return failure('too_large', `frame exceeds ${maxBytes} bytes`);
}

function bytesOf(input: unknown, maxBytes: number): Uint8Array | DecodeFailure {
  if (typeof input !== 'object' || input === null) return failure('bad_frame', 'frame must be text or bytes');
  if (ArrayBuffer.isView(input)) {
    if (input.byteLength > maxBytes) return tooLarge(maxBytes);
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  if (isArrayBuffer(input)) {
    if (input.byteLength > maxBytes) return tooLarge(maxBytes);
    return new Uint8Array(input);
  }
  if (Array.isArray(input)) {
    let total = 0;
    for (const chunk of input) {
      if (!(chunk instanceof Uint8Array)) return failure('bad_frame', 'frame must be text or bytes');
      total += chunk.byteLength;
      if (total > maxBytes) return tooLarge(maxBytes);
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const chunk of input as Uint8Array[]) {
      joined.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return joined;
  }
  return failure('bad_frame', 'frame must be text or bytes');
}

// Size first, before any parsing, so an oversized frame costs a length check and nothing more.
function textOf(input: unknown, maxBytes: number): string | DecodeFailure {
  if (typeof input === 'string') return exceedsUtf8Bytes(input, maxBytes) ? tooLarge(maxBytes) : input;
  const bytes = bytesOf(input, maxBytes);
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    return utf8.decode(bytes);
  } catch {
    return failure('bad_json', 'frame is not valid UTF-8');
  }
}

function checkEnvelope<S extends Subject>(parsed: unknown, allow: readonly S[] | undefined): DecodeResult<S> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return failure('bad_frame', 'frame must be a JSON object');
  }
  const envelope = parsed as Record<string, unknown>;
  const subject = Object.hasOwn(envelope, 'subject') ? envelope.subject : undefined;
  const reply = Object.hasOwn(envelope, 'reply') ? envelope.reply : undefined;
  const isReply = typeof subject === 'string' && subject.startsWith(INBOX_PREFIX);
  // A reply is never answered, or two confused peers could bounce errors forever.
  const answerTo = !isReply && isInbox(reply) ? reply : undefined;
  const failWith = (error: ProtocolError): DecodeFailure => {
    const result: DecodeFailure = { ok: false, error };
    if (answerTo !== undefined) result.reply = answerTo;
    if (isSubjectName(subject)) result.subject = subject;
    return result;
  };
  const fail = (code: ErrorCode, message: string) => failWith(new ProtocolError(code, message));

  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEY_SET.has(key)) {
      return fail('bad_frame', `unknown envelope key ${JSON.stringify(key.slice(0, MAX_KEY_IN_MESSAGE))}`);
    }
  }
  if (!isSubjectName(subject)) {
    return fail('bad_frame', `subject must be 1-${MAX_SUBJECT_LENGTH} characters of A-Z a-z 0-9 . _ -`);
  }
  if (reply !== undefined && !isInbox(reply)) {
    return fail('bad_frame', `reply must be an inbox: "${INBOX_PREFIX}" then A-Z a-z 0-9 . _ -`);
  }
  if (envelope.data === undefined) return fail('bad_frame', 'frame has no data');

  if (isReply) {
    if (!isInbox(subject)) return fail('bad_frame', 'reply subject is an empty inbox');
    if (reply !== undefined) return fail('bad_frame', 'a reply cannot ask for a reply');
    const data = replyDataSchema.safeParse(envelope.data, { reportInput: true });
    if (!data.success) return failWith(issuesToError('data', data.error.issues));
    return { ok: true, frame: { subject, data: data.data } };
  }

  const spec = getSubjectSpec(subject);
  if (spec === undefined) return fail('unknown_subject', `unknown subject "${subject}"`);
  if (allow !== undefined && !(allow as readonly string[]).includes(subject)) {
    return fail('forbidden', `subject "${subject}" is not accepted here`);
  }
  if (spec.kind === 'request' && reply === undefined) {
    return fail('bad_frame', `request "${subject}" needs a reply inbox`);
  }
  if (spec.kind === 'push' && reply !== undefined) {
    return fail('bad_frame', `"${subject}" is a push and takes no reply inbox`);
  }
  const data = spec.data.safeParse(envelope.data, { reportInput: true });
  if (!data.success) return failWith(issuesToError('data', data.error.issues));
  const frame = { subject, data: data.data } as FrameFor<S>;
  if (reply !== undefined) frame.reply = reply;
  return { ok: true, frame };
}

function resolveMaxBytes(maxBytes: unknown): number {
  return typeof maxBytes === 'number' && maxBytes >= 0 ? maxBytes : MAX_FRAME_BYTES;
}

/**
 * Checks one inbound frame: size before parsing, UTF-8, JSON, the envelope, the subject (known,
 * allowed here, request or push) and its data against the subject's schema. Never throws,
 * whatever arrives: a peer must not be able to crash its counterpart with one frame. A refusal
 * keeps the frame's reply inbox when one was readable, so the peer can be answered with an error;
 * a reply is never answered, or two confused peers could bounce errors forever.
 */
export function decode<S extends Subject = Subject>(
  input: DecodeInput,
  options?: DecodeOptions<S>,
): DecodeResult<S> {
  try {
    const text = textOf(input, resolveMaxBytes(options?.maxBytes));
    if (typeof text !== 'string') return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return failure('bad_json', 'frame is not valid JSON');
    }
    return checkEnvelope(parsed, options?.allow);
  } catch {
    return failure('bad_frame', 'frame could not be read');
  }
}

/** The same checks as decode, on a frame already in object form; for tests and tools. */
export function validateFrame<S extends Subject = Subject>(
  frame: unknown,
  options?: Pick<DecodeOptions<S>, 'allow'>,
): DecodeResult<S> {
  try {
    return checkEnvelope(frame, options?.allow);
  } catch {
    return failure('bad_frame', 'frame could not be read');
  }
}

/** A reply's result checked against its request's schema, or why it did not fit. */
export type DecodedResult<S extends Subject> =
  | { ok: true; result: ResultOf<S> }
  | { ok: false; error: ProtocolError };

/**
 * Checks the result of a successful reply against the result schema of the request `subject`.
 * A reply frame carries its result unchecked, since only the requester knows which request the
 * inbox belongs to. Never throws.
 */
export function decodeResult<S extends Subject>(subject: S, result: unknown): DecodedResult<S> {
  try {
    const schema = getSubjectSpec(subject)?.result;
    if (schema === undefined) {
      return { ok: false, error: new ProtocolError('unknown_subject', `"${String(subject)}" has no result`) };
    }
    const parsed = schema.safeParse(result, { reportInput: true });
    if (!parsed.success) return { ok: false, error: issuesToError('result', parsed.error.issues) };
    return { ok: true, result: parsed.data as ResultOf<S> };
  } catch {
    return { ok: false, error: new ProtocolError('invalid_data', 'result could not be read') };
  }
}
