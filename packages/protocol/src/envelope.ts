import { z } from 'zod';
import { wireErrorSchema } from './errors.ts';
import { MAX_SUBJECT_LENGTH } from './limits.ts';

/**
 * The charset of subjects and inboxes, shared so they can be logged, matched and used as map keys
 * without escaping; both are at most `MAX_SUBJECT_LENGTH` characters.
 */
export const SUBJECT_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * What every reply inbox starts with. Replies go to an inbox the requester made up (NATS style),
 * so a peer answers without knowing who asked or keeping any per-request state beyond the frame.
 */
export const INBOX_PREFIX = '_inbox.';
/** A reply inbox: `_inbox.` and an id (see `isInbox`). */
export type Inbox = `_inbox.${string}`;

/**
 * Whether `value` is a usable inbox: the prefix, a non-empty id in the subject charset, at most
 * `MAX_SUBJECT_LENGTH` characters in all.
 */
export function isInbox(value: unknown): value is Inbox {
  return (
    typeof value === 'string' &&
    value.length > INBOX_PREFIX.length &&
    value.length <= MAX_SUBJECT_LENGTH &&
    value.startsWith(INBOX_PREFIX) &&
    SUBJECT_PATTERN.test(value)
  );
}

/**
 * Whether `value` has the form of a subject (1 to `MAX_SUBJECT_LENGTH` characters of the subject
 * charset); whether that subject exists is `isSubject`'s question.
 */
export function isSubjectName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_SUBJECT_LENGTH &&
    SUBJECT_PATTERN.test(value)
  );
}

/** An inbox field: see `isInbox`. */
export const inboxSchema = z
  .string()
  .refine(
    isInbox,
    `expected an inbox: "${INBOX_PREFIX}" then A-Z a-z 0-9 . _ -, at most ${MAX_SUBJECT_LENGTH}`,
  );

/**
 * A fresh reply inbox. `crypto.randomUUID` exists in Node, Workers and in browsers only on secure
 * (https or localhost) pages; a manager on a LAN is often plain http, where
 * `crypto.getRandomValues` still works, so the id is built from that there.
 */
export function newInbox(): Inbox {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return `${INBOX_PREFIX}${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${INBOX_PREFIX}${hex}`;
}

/** The only keys a frame may have; `decode` refuses any other. */
export const ENVELOPE_KEYS = ['subject', 'reply', 'data'] as const;

/** The shape of every frame on the wire: `{subject, reply?, data}`, `reply` only on requests. */
export interface Envelope {
  subject: string;
  reply?: string;
  data: unknown;
}

/**
 * The data of a reply frame: `{ok: true, result}` or `{ok: false, error}`. The result is left
 * unchecked here, since only the requester knows which request the inbox belongs to
 * (`decodeResult` checks it).
 */
export const replyDataSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);
/** The data of a reply frame: see `replyDataSchema`. */
export type ReplyData<R = unknown> =
  | { ok: true; result: R }
  | { ok: false; error: z.infer<typeof wireErrorSchema> };

/** A reply: sent to the requester's inbox, never itself asking for a reply. */
export interface ReplyFrame<R = unknown> {
  subject: Inbox;
  data: ReplyData<R>;
}

/** Whether a decoded frame is a reply (its subject is an inbox) rather than a registered subject. */
export function isReplyFrame(frame: { subject: string }): frame is ReplyFrame {
  return frame.subject.startsWith(INBOX_PREFIX);
}
