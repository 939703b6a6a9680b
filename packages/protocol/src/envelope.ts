import { z } from 'zod';
import { wireErrorSchema } from './errors.ts';
import { MAX_SUBJECT_LENGTH } from './limits.ts';

// Subjects and inboxes share one charset so they can be logged, matched and used as map keys
// without escaping.
export const SUBJECT_PATTERN = /^[A-Za-z0-9._-]+$/;

// Replies go to an inbox the requester made up (NATS style), so a peer answers without knowing
// who asked or keeping any per-request state beyond the frame itself.
export const INBOX_PREFIX = '_inbox.';
export type Inbox = `_inbox.${string}`;

export function isInbox(value: unknown): value is Inbox {
  return (
    typeof value === 'string' &&
    value.length > INBOX_PREFIX.length &&
    value.length <= MAX_SUBJECT_LENGTH &&
    value.startsWith(INBOX_PREFIX) &&
    SUBJECT_PATTERN.test(value)
  );
}

export function isSubjectName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_SUBJECT_LENGTH &&
    SUBJECT_PATTERN.test(value)
  );
}

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

export const ENVELOPE_KEYS = ['subject', 'reply', 'data'] as const;

export interface Envelope {
  subject: string;
  reply?: string;
  data: unknown;
}

export const replyDataSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);
export type ReplyData<R = unknown> =
  | { ok: true; result: R }
  | { ok: false; error: z.infer<typeof wireErrorSchema> };

export interface ReplyFrame<R = unknown> {
  subject: Inbox;
  data: ReplyData<R>;
}

export function isReplyFrame(frame: { subject: string }): frame is ReplyFrame {
  return frame.subject.startsWith(INBOX_PREFIX);
}
